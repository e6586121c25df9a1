import type { BankChannel, PaymentOutcome, PaymentSubmission, PaymentSubmissionAnswer, RefundSubmission, RefundSubmissionAnswer } from '@pl/bank-protocol';
import type { JournalEntry, SandboxJournal } from './journal';

/** One submission as the bank remembers it; `answer` is what every retry with the same key gets back. */
export interface PaymentRecord {
  readonly channel: BankChannel;
  readonly submission: PaymentSubmission;
  readonly answer: PaymentSubmissionAnswer;
  /** Only for accepted submissions: the outcome decided at acceptance, visible from `settlesAt` on. */
  readonly accepted?: {
    readonly bankRequestId: string;
    readonly outcome: PaymentOutcome;
    readonly bankReference: string;
    readonly settlesAt: Date;
    readonly amountMinor: bigint;
    refundedMinor: bigint;
    refunds: number;
  };
}

export interface RefundRecord {
  readonly channel: BankChannel;
  readonly submission: RefundSubmission;
  readonly answer: RefundSubmissionAnswer;
  /** Only for accepted refunds: the outcome decided at acceptance, visible from `settlesAt` on. */
  readonly accepted?: {
    readonly bankRefundId: string;
    readonly outcome: 'succeeded' | 'failed';
    readonly settlesAt: Date;
  };
}

export interface ChannelStats {
  /** Requests that reached the bank's logic (retries included; 401/400/500 excluded). */
  submissions: number;
  /** Money actually taken: accepted submissions whose outcome is `authorized`. Never counts a retry. */
  charges: number;
  /** Retries answered from memory instead of being processed again. */
  duplicatesAbsorbed: number;
  declines: number;
  errors: number;
  timeouts: number;
  /** HTTP deliveries attempted (a duplicated callback counts once per copy; a lost one not at all). */
  callbacksSent: number;
  /** Deliveries that got no 2xx (receiver down, or it rejected the signature). */
  callbacksRejected: number;
  /** Refunds accepted (a retry with the same key is not counted again). */
  refunds: number;
  /** Money actually paid back: accepted refunds whose outcome is `succeeded`. */
  refundsPaid: number;
  refundDeclines: number;
  /** Status queries received (payments and refunds, by either id), since this sandbox started. */
  statusQueries: number;
}

const emptyStats = (): ChannelStats => ({
  submissions: 0, charges: 0, duplicatesAbsorbed: 0, declines: 0, errors: 0, timeouts: 0,
  callbacksSent: 0, callbacksRejected: 0, refunds: 0, refundsPaid: 0, refundDeclines: 0, statusQueries: 0,
});

/** Which fields make two submissions "the same request": a key reused for different money is a conflict. */
export const paymentFingerprint = (s: PaymentSubmission): string =>
  JSON.stringify([s.paymentId, s.amountMinor, s.currency, s.methodToken, s.callbackUrl]);
export const refundFingerprint = (s: RefundSubmission): string => JSON.stringify([s.refundId, s.merchantOrderNo, s.amountMinor, s.currency, s.callbackUrl]);

/**
 * The simulated bank's books, per channel, in memory. Idempotency keys are scoped to a channel, as at
 * a real bank (each bank has its own key space). Ids are sequential so seeded runs are reproducible.
 *
 * With a journal, every record (and reset) is also written there, a batch at a time: `durable()`
 * resolves once everything recorded before the call is written, and `restore()` reads the books back
 * at start. The sandbox answers and calls back only after `durable()`, so what a connector was told
 * survives the sandbox's restart. Stats count from the last start.
 */
export class SimulatedLedger {
  private payments = new Map<string, PaymentRecord>();
  private paymentsById = new Map<string, PaymentRecord>();
  private refunds = new Map<string, RefundRecord>();
  private refundsById = new Map<string, RefundRecord>();
  private stats = new Map<BankChannel, ChannelStats>();
  private sequence = 0;
  private readonly unwritten: JournalEntry[] = [];
  private recorded = 0;
  private written = 0;
  private writing: Promise<void> | undefined;

  constructor(private readonly journal?: SandboxJournal) {}

  reset(): void {
    this.clear();
    this.journalled({ kind: 'reset' });
  }

  private clear(): void {
    this.payments = new Map();
    this.paymentsById = new Map();
    this.refunds = new Map();
    this.refundsById = new Map();
    this.stats = new Map();
    this.sequence = 0;
  }

  /** The books as the journal last had them; ids go on from where they were (callback ids included). */
  async restore(): Promise<void> {
    if (!this.journal) return;
    const { entries, sequence } = await this.journal.load();
    for (const entry of entries) {
      if (entry.kind === 'reset') this.clear();
      else if (entry.kind === 'payment') this.applyPayment(entry.record);
      else this.applyRefund(entry.record);
    }
    this.stats = new Map();
    this.sequence = Math.max(this.sequence, sequence);
  }

  /** Resolves once everything recorded so far is in the journal (at once without one). */
  async durable(): Promise<void> {
    const target = this.recorded;
    while (this.written < target) {
      this.writing ??= this.writeUnwritten().finally(() => (this.writing = undefined));
      await this.writing;
    }
  }

  private async writeUnwritten(): Promise<void> {
    const batch = this.unwritten.splice(0);
    try {
      // The sequence as of now covers the callback ids issued for these records too.
      await this.journal!.write(batch, this.sequence);
      this.written += batch.length;
    } catch (error) {
      this.unwritten.unshift(...batch);
      throw error;
    }
  }

  private journalled(entry: JournalEntry): void {
    if (!this.journal) return;
    this.unwritten.push(entry);
    this.recorded += 1;
  }

  statsOf(channel: BankChannel): ChannelStats {
    let stats = this.stats.get(channel);
    if (!stats) {
      stats = emptyStats();
      this.stats.set(channel, stats);
    }
    return stats;
  }

  nextId(channel: BankChannel, kind: 'pay' | 'ref' | 'cb' | 'rcb' | 'bref'): string {
    this.sequence += 1;
    return `${channel.toLowerCase()}_${kind}_${String(this.sequence).padStart(6, '0')}`;
  }

  paymentByKey(channel: BankChannel, idempotencyKey: string): PaymentRecord | undefined {
    return this.payments.get(`${channel}:${idempotencyKey}`);
  }

  /** Every submission the channel recorded (declined ones too), in the order they arrived. */
  paymentsOf(channel: BankChannel): PaymentRecord[] {
    return [...this.payments.values()].filter((r) => r.channel === channel);
  }

  paymentById(channel: BankChannel, bankRequestId: string): PaymentRecord | undefined {
    const record = this.paymentsById.get(bankRequestId);
    return record?.channel === channel ? record : undefined;
  }

  recordPayment(record: PaymentRecord): void {
    this.applyPayment(record);
    this.journalled({ kind: 'payment', record });
  }

  private applyPayment(record: PaymentRecord): void {
    this.payments.set(`${record.channel}:${record.submission.idempotencyKey}`, record);
    if (record.accepted) this.paymentsById.set(record.accepted.bankRequestId, record);
    const stats = this.statsOf(record.channel);
    if (record.answer.outcome === 'declined') stats.declines += 1;
    if (record.accepted?.outcome === 'authorized') stats.charges += 1;
  }

  refundByKey(channel: BankChannel, idempotencyKey: string): RefundRecord | undefined {
    return this.refunds.get(`${channel}:${idempotencyKey}`);
  }

  refundById(channel: BankChannel, bankRefundId: string): RefundRecord | undefined {
    const record = this.refundsById.get(bankRefundId);
    return record?.channel === channel ? record : undefined;
  }

  /** Every refund request the channel recorded (declined ones too), in the order they arrived. */
  refundsOf(channel: BankChannel): RefundRecord[] {
    return [...this.refunds.values()].filter((r) => r.channel === channel);
  }

  /** A succeeded refund uses up that much of its payment (found by our order number for it). */
  recordRefund(record: RefundRecord): void {
    this.applyRefund(record);
    this.journalled({ kind: 'refund', record });
  }

  private applyRefund(record: RefundRecord): void {
    this.refunds.set(`${record.channel}:${record.submission.idempotencyKey}`, record);
    const stats = this.statsOf(record.channel);
    if (record.answer.outcome === 'accepted') {
      this.refundsById.set(record.answer.bankRefundId, record);
      stats.refunds += 1;
      if (record.accepted?.outcome === 'succeeded') {
        stats.refundsPaid += 1;
        const payment = this.paymentByKey(record.channel, record.submission.merchantOrderNo)?.accepted;
        if (payment) {
          payment.refundedMinor += BigInt(record.submission.amountMinor);
          payment.refunds += 1;
        }
      }
    } else {
      stats.refundDeclines += 1;
    }
  }
}
