import fc from 'fast-check';
import { DomainError, paymentDecider, type PaymentCommand, type PaymentEvent } from '@pl/domain';
import { account, assertBalanced, balanceOf, ledgerTotals, postingsFor, trialBalance, type JournalEntry } from '@pl/ledger';
import { finalChannel, paymentCase, recordedLifecycle } from './ledger-lifecycle.fixtures';

/**
 * Random settled payments, then random refunds: reservations, releases (rejection, bank failure),
 * completions and redeliveries of any of them. Every entry balances, the ledger sums to zero, the
 * money refunded leaves the bank settlement account and the merchant's payable, and the fee follows
 * the channel's policy: kept (the merchant bears it) or returned pro rata (never more than the fee,
 * all of it once everything is refunded).
 */
const step = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), id: fc.constantFrom('r1', 'r2', 'r3'), share: fc.integer({ min: 1, max: 100 }) }),
  fc.record({ kind: fc.constantFrom('release' as const, 'complete' as const), id: fc.constantFrom('r1', 'r2', 'r3'), share: fc.constant(0) }),
);

describe('refunds in the ledger', () => {
  it('post Dr merchant payable / Cr bank settlement, and the ledger balances whatever happens', () => {
    fc.assert(
      fc.property(paymentCase('p-refund').map((c) => ({ ...c, outcome: 'settled' as const })), fc.array(step, { maxLength: 25 }), fc.boolean(), (c, steps, proRata) => {
        const recorded = recordedLifecycle(c);
        const events = recorded.map((r) => ({ type: r.type, data: r.data }) as PaymentEvent);
        const at = '2026-11-23T10:00:00.000Z';
        for (const s of steps) {
          const base = { paymentId: c.paymentId, refundId: s.id };
          const state = events.reduce(paymentDecider.evolve, paymentDecider.initialState());
          const command: PaymentCommand =
            s.kind === 'reserve'
              ? { type: 'ReserveRefund', data: { ...base, amountMinor: (c.amountMinor * BigInt(s.share)) / 100n, requestedAt: at, policy: { singleRefundOnly: false, windowMs: 86_400_000, feeOnRefund: proRata ? 'pro-rata' : 'kept' } } }
              : s.kind === 'release'
                ? { type: 'ReleaseRefund', data: { ...base, reason: 'bank failed', releasedAt: at } }
                : { type: 'CompleteRefund', data: { ...base, bankRefundId: `b-${s.id}`, refundedAt: at } };
          try {
            events.push(...paymentDecider.decide(command, state));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        const entries = events.map((e, i) => postingsFor({ eventId: `e${i}`, type: e.type, data: e.data })).filter((e): e is JournalEntry => e !== null);
        entries.forEach(assertBalanced);
        const lines = trialBalance(entries);
        expect(ledgerTotals(lines).get(c.currency) ?? 0n).toBe(0n);
        const refunded = events.filter((e) => e.type === 'PaymentRefunded').reduce((sum, e) => sum + BigInt(e.data.amountMinor), 0n);
        expect(refunded).toBeLessThanOrEqual(c.amountMinor);
        const settled = events.find((e) => e.type === 'PaymentSettled');
        if (settled?.type !== 'PaymentSettled') throw new Error('settled');
        const paid = BigInt(settled.data.settledAmountMinor);
        const fee = BigInt(settled.data.feeMinor);
        const feeBack = events.reduce((sum, e) => sum + (e.type === 'PaymentRefunded' ? BigInt(e.data.feeReturnedMinor ?? '0') : 0n), 0n);
        if (!proRata) expect(feeBack).toBe(0n);
        expect(feeBack).toBeLessThanOrEqual(fee);
        if (proRata && refunded === c.amountMinor) expect(feeBack).toBe(fee);
        expect(balanceOf(lines, account('bankSettlement', finalChannel(c)), c.currency)).toBe(paid - refunded + feeBack);
        expect(balanceOf(lines, account('merchantPayable', c.payee), c.currency)).toBe(refunded - feeBack - paid);
        expect(balanceOf(lines, account('feeExpense', finalChannel(c)), c.currency)).toBe(fee - feeBack);
      }),
      { numRuns: 200 },
    );
  });

  it('post nothing for a reservation or a release', () => {
    const data = { paymentId: 'p', refundId: 'r', amountMinor: '100', currency: 'CNY', channel: 'ICBC', reservedAt: 't' };
    expect(postingsFor({ eventId: 'e1', type: 'PaymentRefundReserved', data })).toBeNull();
    expect(postingsFor({ eventId: 'e2', type: 'PaymentRefundReleased', data: { ...data, reason: 'x', releasedAt: 't' } })).toBeNull();
  });
});
