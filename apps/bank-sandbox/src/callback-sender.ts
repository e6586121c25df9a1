import { Logger } from '@nestjs/common';
import { httpCall } from '@pl/service-kit';
import { signedHeaders, type BankChannel, type PaymentCallback, type RefundCallback } from '@pl/bank-protocol';
import type { Behaviours } from './behaviour';
import type { PaymentRecord, RefundRecord, SimulatedLedger } from './ledger';
import type { Timers } from './timers';

/** How long one delivery may take before it counts as rejected; a bank does not wait forever either. */
const DELIVERY_TIMEOUT_MS = 5_000;
/** How often a callback whose record could not be written tries the write again. */
const UNWRITTEN_RETRY_MS = 200;

/**
 * Sends the signed asynchronous outcome of an accepted payment or refund to its callback URL, bent by the
 * channel's callback behaviour at the moment of acceptance. One attempt per copy: the sandbox does not
 * retry failed deliveries, so a receiver that was down must fall back to the status query.
 */
export class CallbackSender {
  private readonly logger = new Logger('bank-sandbox callbacks');
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly behaviours: Behaviours,
    private readonly ledger: SimulatedLedger,
    private readonly timers: Timers,
    private readonly now: () => Date,
  ) {}

  /** Fire and forget; `idle()` waits for everything scheduled so far. */
  schedule(record: PaymentRecord): void {
    const accepted = record.accepted;
    if (!accepted) return;
    const body: PaymentCallback = {
      callbackId: this.ledger.nextId(record.channel, 'cb'),
      bankRequestId: accepted.bankRequestId,
      merchantOrderNo: record.submission.idempotencyKey,
      paymentId: record.submission.paymentId,
      status: accepted.outcome,
      bankReference: accepted.bankReference,
      occurredAt: accepted.settlesAt.toISOString(),
    };
    this.send(record.channel, record.submission.callbackUrl, body, accepted.settlesAt);
  }

  /** The refund's outcome, to the refund's own callback URL, bent by the same channel behaviour. */
  scheduleRefund(record: RefundRecord): void {
    const accepted = record.accepted;
    if (!accepted) return;
    const body: RefundCallback = {
      callbackId: this.ledger.nextId(record.channel, 'rcb'),
      bankRefundId: accepted.bankRefundId,
      merchantRefundNo: record.submission.idempotencyKey,
      refundId: record.submission.refundId,
      status: accepted.outcome,
      occurredAt: accepted.settlesAt.toISOString(),
    };
    this.send(record.channel, record.submission.callbackUrl, body, accepted.settlesAt);
  }

  private send(channel: BankChannel, url: string, body: PaymentCallback | RefundCallback, settlesAt: Date): void {
    const behaviour = this.behaviours.get(channel);
    const callback = behaviour.callback;
    if (callback.mode === 'lost') return;
    const waitMs = Math.max(0, settlesAt.getTime() - this.now().getTime()) + (callback.mode === 'late' ? callback.delayMs : 0);
    const copies = callback.mode === 'duplicated' ? callback.times : 1;
    // A forged callback is what an attacker would send: the right shape, the wrong key.
    const secret = callback.mode === 'forged' ? `${behaviour.secret}:forged-by-someone-else` : behaviour.secret;
    const task = this.run(channel, url, JSON.stringify(body), waitMs, copies, secret).finally(() => this.inFlight.delete(task));
    this.inFlight.add(task);
  }

  async idle(): Promise<void> {
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
  }

  private async run(channel: BankChannel, url: string, raw: string, waitMs: number, copies: number, secret: string): Promise<void> {
    // A bank tells only what it has on record: the callback waits until its record is written.
    for (;;) {
      try {
        await this.ledger.durable();
        break;
      } catch (error) {
        if (this.timers.closed) return;
        this.logger.error(`callback to ${url} held back: its record is not written yet (${error instanceof Error ? error.message : String(error)})`);
        await this.timers.sleep(UNWRITTEN_RETRY_MS);
      }
    }
    await this.timers.sleep(waitMs);
    // Copies go one after another, like a bank re-sending because it missed the acknowledgement.
    for (let copy = 0; copy < copies && !this.timers.closed; copy += 1) {
      await this.deliver(channel, url, raw, secret);
    }
  }

  private async deliver(channel: BankChannel, url: string, raw: string, secret: string): Promise<void> {
    const stats = this.ledger.statsOf(channel);
    stats.callbacksSent += 1;
    try {
      const response = await httpCall(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders([secret], raw, this.now()) },
        body: raw,
        timeoutMs: DELIVERY_TIMEOUT_MS,
        signal: this.timers.signal,
      });
      if (!response.ok) stats.callbacksRejected += 1;
    } catch (error) {
      stats.callbacksRejected += 1;
      if (!this.timers.closed) this.logger.warn(`callback to ${url} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
}
