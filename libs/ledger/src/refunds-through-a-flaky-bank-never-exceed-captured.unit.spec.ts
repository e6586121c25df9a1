import fc from 'fast-check';
import {
  DomainError,
  paymentDecider,
  refundDecider,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentState,
  type RefundCommand,
  type RefundEvent,
  type RefundState,
} from '@pl/domain';
import { account, assertBalanced, balanceOf, ledgerTotals, postingsFor, trialBalance, type JournalEntry } from '@pl/ledger';
import { finalChannel, paymentCase, recordedLifecycle, type PaymentCase } from './ledger-lifecycle.fixtures';

/**
 * The whole refund protocol against a model of a flaky bank, in random order: refunds requested
 * (reserved on the payment), written ahead and sent, answers lost to timeouts, calls retried with
 * the same key, callbacks duplicated or arriving before the answer, status queries, failures at the
 * bank, and the payment side (complete / release) delivered late and more than once.
 * Whatever happens: reserved + refunded never exceeds captured; the bank never pays more than was
 * captured nor any refund twice; once everything is delivered, the payment's refunded amount is
 * exactly what the bank paid, and the ledger balances with the refunds posted.
 */
type BankRefund = { readonly bankRefundId: string; readonly outcome: 'succeeded' | 'failed' } | { readonly declined: string };

class Model {
  readonly payment: PaymentEvent[];
  readonly refunds = new Map<string, RefundEvent[]>();
  /** The bank's books, by our refund order number (its idempotency key). */
  readonly bank = new Map<string, { amount: bigint; answer: BankRefund }>();
  bankPaid = 0n;
  private sequence = 0;

  constructor(
    readonly c: PaymentCase,
    events: PaymentEvent[],
    private readonly feeOnRefund: 'kept' | 'pro-rata',
  ) {
    this.payment = events;
  }

  paymentState(): PaymentState {
    return this.payment.reduce(paymentDecider.evolve, paymentDecider.initialState());
  }

  refundState(id: string): RefundState {
    return (this.refunds.get(id) ?? []).reduce(refundDecider.evolve, refundDecider.initialState());
  }

  /** A refusal the services treat as "no longer applicable" is fine; a conflict would be a bug. */
  onPayment(command: PaymentCommand, tolerated: readonly string[]): void {
    try {
      this.payment.push(...paymentDecider.decide(command, this.paymentState()));
    } catch (error) {
      if (!(error instanceof DomainError) || !tolerated.includes(error.code)) throw error;
    }
  }

  onRefund(id: string, command: RefundCommand): void {
    try {
      this.refunds.set(id, [...(this.refunds.get(id) ?? []), ...refundDecider.decide(command, this.refundState(id))]);
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'illegal_transition') throw error;
    }
  }

  request(id: string, amount: bigint): void {
    const t = '2026-11-23T10:00:00.000Z';
    // Like the refunds service: a known refund id is answered from its stream, never reserved again.
    if (this.refundState(id).status !== 'none') return;
    const before = this.payment.length;
    this.onPayment({ type: 'ReserveRefund', data: { paymentId: this.c.paymentId, refundId: id, amountMinor: amount, requestedAt: t, policy: { singleRefundOnly: false, windowMs: 86_400_000, feeOnRefund: this.feeOnRefund } } }, [
      'refund_exceeds_captured',
      'refund_conflict',
      'invalid_amount',
    ]);
    if (this.payment.length === before) return;
    this.onRefund(id, {
      type: 'RequestRefund',
      data: { refundId: id, paymentId: this.c.paymentId, amountMinor: amount, currency: this.c.currency, channel: finalChannel(this.c), reason: 'r', requestedBy: 'clerk', idempotencyKey: id, requestedAt: t, approvalThresholdMinor: 10n ** 30n },
    });
  }

  /** The connector's write-ahead: only an approved refund is sent. */
  submit(id: string): void {
    if (this.refundState(id).status === 'approved') this.onRefund(id, { type: 'SubmitRefundToBank', data: { refundId: id, orderNo: `refund-${id}`, paymentOrderNo: 'p:1', submittedAt: 't' } });
  }

  /** One HTTP call to the bank with the refund's key. `lost`: the bank acted but the answer never came back. */
  call(id: string, lost: boolean, fails: boolean): void {
    const s = this.refundState(id);
    if (s.status !== 'submitted' && s.status !== 'pending') return;
    const key = s.orderNo;
    let record = this.bank.get(key);
    if (!record) {
      const amount = s.amount.amountMinor;
      const answer: BankRefund =
        this.bankPaid + amount > this.c.amountMinor ? { declined: 'refund_exceeds_remaining' } : { bankRefundId: `bk-${(this.sequence += 1)}`, outcome: fails ? 'failed' : 'succeeded' };
      if ('outcome' in answer && answer.outcome === 'succeeded') this.bankPaid += amount;
      record = { amount, answer };
      this.bank.set(key, record);
    }
    if (lost) return;
    const a = record.answer;
    if ('declined' in a) this.onRefund(id, { type: 'RecordRefundFailed', data: { refundId: id, reason: 'declined', code: a.declined, failedAt: 't' } });
    else this.onRefund(id, { type: 'RecordRefundAccepted', data: { refundId: id, bankRefundId: a.bankRefundId, acceptedAt: 't' } });
  }

  /** The bank's callback (or the status query's final answer): the same either way, and repeatable. */
  outcome(id: string): void {
    const s = this.refundState(id);
    if (s.status === 'none') return;
    const record = this.bank.get(`refund-${id}`);
    if (!record) return;
    const a = record.answer;
    if ('declined' in a) this.onRefund(id, { type: 'RecordRefundFailed', data: { refundId: id, reason: 'declined', code: a.declined, failedAt: 't' } });
    else if (a.outcome === 'succeeded') this.onRefund(id, { type: 'RecordRefundSucceeded', data: { refundId: id, bankRefundId: a.bankRefundId, succeededAt: 't' } });
    else this.onRefund(id, { type: 'RecordRefundFailed', data: { refundId: id, reason: 'failed', code: null, bankRefundId: a.bankRefundId, failedAt: 't' } });
  }

  /** The refunds service closing the refund on its payment (a redelivery repeats it). */
  closeOnPayment(id: string): void {
    const s = this.refundState(id);
    const ref = { paymentId: this.c.paymentId, refundId: id };
    if (s.status === 'succeeded') this.onPayment({ type: 'CompleteRefund', data: { ...ref, bankRefundId: s.bankRefundId, refundedAt: 't' } }, []);
    if (s.status === 'failed') this.onPayment({ type: 'ReleaseRefund', data: { ...ref, reason: s.reason, releasedAt: 't' } }, []);
  }

  /** Everything still in flight is delivered: the state every refund comes to in the end. */
  drain(): void {
    for (const id of this.refunds.keys()) {
      this.submit(id);
      this.call(id, false, false);
      this.outcome(id);
      this.closeOnPayment(id);
    }
  }
}

const ids = ['r1', 'r2', 'r3', 'r4'];
const step = fc.oneof(
  fc.record({ kind: fc.constant('request' as const), id: fc.constantFrom(...ids), share: fc.integer({ min: 1, max: 70 }) }),
  fc.record({ kind: fc.constant('submit' as const), id: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('call' as const), id: fc.constantFrom(...ids), lost: fc.boolean(), fails: fc.boolean() }),
  fc.record({ kind: fc.constant('outcome' as const), id: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('close' as const), id: fc.constantFrom(...ids) }),
);

describe('refunds through a flaky bank', () => {
  it('never refund more than captured, never pay a refund twice, and leave the payment, the bank and the ledger in agreement', () => {
    fc.assert(
      fc.property(paymentCase('p-flaky').map((c) => ({ ...c, outcome: 'settled' as const })), fc.array(step, { maxLength: 60 }), fc.boolean(), (c, steps, proRata) => {
        const model = new Model(c, recordedLifecycle(c).map((r) => ({ type: r.type, data: r.data }) as PaymentEvent), proRata ? 'pro-rata' : 'kept');
        const check = () => {
          const p = model.paymentState();
          if (p.status !== 'settled') throw new Error(`a refund moved the payment to ${p.status}`);
          expect(p.refunds.reservedMinor + p.refunds.refundedMinor).toBeLessThanOrEqual(c.amountMinor);
          expect(p.refunds.refundedMinor).toBeLessThanOrEqual(model.bankPaid);
          expect(model.bankPaid).toBeLessThanOrEqual(c.amountMinor);
          return p;
        };
        for (const s of steps) {
          if (s.kind === 'request') model.request(s.id, (c.amountMinor * BigInt(s.share)) / 100n);
          else if (s.kind === 'submit') model.submit(s.id);
          else if (s.kind === 'call') model.call(s.id, s.lost, s.fails);
          else if (s.kind === 'outcome') model.outcome(s.id);
          else model.closeOnPayment(s.id);
          check();
        }
        model.drain();
        const p = check();
        // In the end the payment says exactly what the bank paid, and nothing stays reserved.
        expect(p.refunds.refundedMinor).toBe(model.bankPaid);
        expect(p.refunds.reservedMinor).toBe(0n);
        for (const id of model.refunds.keys()) {
          const s = model.refundState(id);
          const atBank = model.bank.get(`refund-${id}`)?.answer;
          expect(s.status).toBe(atBank && 'outcome' in atBank && atBank.outcome === 'succeeded' ? 'succeeded' : 'failed');
        }
        const entries = model.payment.map((e, i) => postingsFor({ eventId: `e${i}`, type: e.type, data: e.data })).filter((e): e is JournalEntry => e !== null);
        entries.forEach(assertBalanced);
        const lines = trialBalance(entries);
        expect(ledgerTotals(lines).get(c.currency) ?? 0n).toBe(0n);
        const settled = model.payment.find((e) => e.type === 'PaymentSettled');
        if (settled?.type !== 'PaymentSettled') throw new Error('settled');
        const feeBack = model.payment.reduce((sum, e) => sum + (e.type === 'PaymentRefunded' ? BigInt(e.data.feeReturnedMinor ?? '0') : 0n), 0n);
        expect(feeBack).toBeLessThanOrEqual(BigInt(settled.data.feeMinor));
        expect(balanceOf(lines, account('bankSettlement', finalChannel(c)), c.currency)).toBe(BigInt(settled.data.settledAmountMinor) - model.bankPaid + feeBack);
      }),
      { numRuns: 300 },
    );
  });
});
