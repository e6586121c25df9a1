import { Inject, Injectable, Logger } from '@nestjs/common';
import { foldPayment, type LifecycleCommand, type PaymentRouted, type PaymentState } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';
import type { PaymentSubmission } from '@pl/bank-protocol';
import { callWithRetries } from '../bank/call-with-retries';
import { BankAdapters } from '../bank/bank-adapters';
import { ChannelBreakers } from '../circuit/channel-breakers';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { BankOutcomes } from './bank-outcomes';
import { CallbackUrls } from './callback-urls';
import { ConnectorStore } from './connector-store';
import { orderNumber } from './order-number';
import { PaymentCommands } from './payment-commands';

type Submitted = Extract<PaymentState, { status: 'submitted' }>;

/**
 * PaymentRouted → one submission to the routed bank. SubmitToBank is appended BEFORE the HTTP call
 * (write-ahead): a crash after it resumes on redelivery by sending again with the same idempotency
 * key, which the bank absorbs. The attempt is failed only when the bank is known not to have it.
 */
@Injectable()
export class Submissions {
  private readonly logger = new Logger('bank-connectors submissions');

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    private readonly payments: PaymentCommands,
    private readonly adapters: BankAdapters,
    private readonly breakers: ChannelBreakers,
    private readonly outcomes: BankOutcomes,
    private readonly store: ConnectorStore,
    private readonly callbackUrls: CallbackUrls,
  ) {}

  /**
   * `known`: the stream up to this event as delivered, possibly stale. Only the usual case is taken
   * from it: the attempt still routed, its bank reachable, and SubmitToBank appended on it (which
   * proves it was the whole stream). Anything else, failing the attempt included, is decided again
   * from the store exactly as without it.
   */
  async onRouted(event: PaymentRouted, eventId: string, known?: readonly RecordedEvent[]): Promise<void> {
    if (known && (await this.submitOnKnown(event, eventId, known))) return;
    const { paymentId, attempt, channel } = event.data;
    const state = await this.payments.state(paymentId);
    const fail = (reason: string) =>
      this.payments.apply({ type: 'FailPayment', data: { paymentId, attempt, reason, failedAt: this.payments.now().toISOString() } }, eventId);

    if (state.status === 'routed' && state.route.attempt === attempt) {
      const adapter = this.adapters.get(channel);
      // Nothing was sent for this attempt yet, so failing it is safe: routing tries another channel.
      if (!adapter) return void (await fail(`no connector for channel ${channel}`));
      if (!this.breakers.allowsPayments(adapter.channel)) return void (await fail('circuit open'));
      await this.payments.apply(this.submit(event), eventId);
    } else if (!(state.status === 'submitted' && state.submission.attempt === attempt)) {
      // Redelivered after the attempt was resolved, or superseded by a reroute: nothing to send.
      this.logger.log(`PaymentRouted attempt ${attempt} of ${paymentId} skipped: the payment is ${state.status}`);
      return;
    }
    const submitted = await this.payments.state(paymentId);
    if (submitted.status !== 'submitted' || submitted.submission.attempt !== attempt) return;
    await this.send(submitted, eventId);
  }

  /** True when the submission was appended on `known` and sent; false leaves everything to the store path. */
  private async submitOnKnown(event: PaymentRouted, eventId: string, known: readonly RecordedEvent[]): Promise<boolean> {
    const { attempt, channel } = event.data;
    const state = foldPayment(known);
    if (state.status !== 'routed' || state.route.attempt !== attempt) return false;
    const adapter = this.adapters.get(channel);
    if (!adapter || !this.breakers.allowsPayments(adapter.channel)) return false;
    const submitted = await this.payments.applyOnKnown(this.submit(event), eventId, known);
    if (submitted?.status !== 'submitted' || submitted.submission.attempt !== attempt) return false;
    await this.send(submitted, eventId);
    return true;
  }

  private submit(event: PaymentRouted): LifecycleCommand {
    const { paymentId, attempt, channel } = event.data;
    const submittedAt = this.payments.now().toISOString();
    return { type: 'SubmitToBank', data: { paymentId, channel, attempt, bankRequestId: orderNumber(paymentId, attempt), submittedAt } };
  }

  private async send(state: Submitted, eventId: string): Promise<void> {
    const { channel, attempt, bankRequestId: orderNo } = state.submission;
    const adapter = this.adapters.get(channel);
    if (!adapter) throw new Error(`payment ${state.paymentId} was submitted to ${channel}, which has no connector`);
    const submission: PaymentSubmission = {
      paymentId: state.paymentId,
      idempotencyKey: orderNo,
      amountMinor: state.amount.amountMinor.toString(),
      currency: state.amount.currency,
      methodToken: state.method.token,
      callbackUrl: await this.callbackUrls.forChannel(channel),
    };
    // While this send awaits its answer, a callback handled here leaves the pending row to it. So every
    // path below ends with the check of `resolvedHere` and the release in one synchronous step: a
    // callback handled before it is seen here, one after it removes the row itself.
    const release = this.outcomes.awaitingAnswer(orderNo);
    let remove = false;
    try {
      const call = await callWithRetries(this.config, this.logger, `${channel} order ${orderNo}`, () => adapter.submitPayment(submission));
      // The callback beat the answer and was handled here (a fast bank: a wallet, the sandbox): the
      // outcome is in the stream, so there is nothing to wait for and no row to write.
      if (this.outcomes.resolvedHere(orderNo)) return;
      const now = this.payments.now();
      const pending = { orderNo, paymentId: state.paymentId, attempt, channel, submittedAt: new Date(state.submission.submittedAt) };
      if (call.kind === 'answer' && call.value.outcome === 'declined') {
        // A row may be left from an earlier send of this order that got no answer.
        await this.outcomes.apply(channel, orderNo, { status: 'declined', code: call.value.code, at: now.toISOString() }, eventId);
      } else if (call.kind === 'answer') {
        // The callback brings the outcome; the poller asks the bank if it is late.
        await this.store.upsertPending({ ...pending, answer: 'accepted', nextCheckAt: new Date(now.getTime() + this.config.callbackGraceMs) });
        // A callback handled here while the row was written is seen below (resolvedHere), without a
        // read. One handled by another instance before the row landed leaves it behind: the poller
        // finds the outcome in the stream when the row comes due, before it asks the bank
        // (StatusPoller.check). Reading the stream here instead would cost a read for nearly every
        // payment, to save a read for the few rows that race.
      } else {
        // No answer: the bank may have it. Ask it by order number once requests still in flight have landed.
        this.logger.warn(`${channel} gave no answer for order ${orderNo} (${call.kind === 'not-found' ? 'not found' : call.reason}): asking its status`);
        await this.store.upsertPending({ ...pending, answer: 'unknown', nextCheckAt: new Date(now.getTime() + this.config.bankTimeoutMs) });
      }
      remove = this.outcomes.resolvedHere(orderNo);
    } finally {
      release();
    }
    if (remove) await this.store.removePending(orderNo);
  }
}
