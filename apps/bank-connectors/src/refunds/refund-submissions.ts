import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RefundState } from '@pl/domain';
import type { RefundSubmission } from '@pl/bank-protocol';
import { BankAdapters } from '../bank/bank-adapters';
import { callWithRetries } from '../bank/call-with-retries';
import { ChannelBreakers } from '../circuit/channel-breakers';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { CallbackUrls } from '../payments/callback-urls';
import { ConnectorStore } from '../payments/connector-store';
import { PaymentCommands } from '../payments/payment-commands';
import { RefundCommands } from './refund-commands';
import { refundOrderNumber } from './refund-order-number';
import { RefundOutcomes, type RefundBankOutcome } from './refund-outcomes';

type Submitted = Extract<RefundState, { status: 'submitted' }>;

/**
 * RefundApproved → one refund at the bank the payment went through. SubmitRefundToBank is appended
 * BEFORE the HTTP call (write-ahead) with our refund order number as the bank's idempotency key, so a
 * crash, a timeout or a resend is always the same refund there. The refund shows `pending` only once
 * the bank answered with its refund id (or a status query recovered it).
 */
@Injectable()
export class RefundSubmissions {
  private readonly logger = new Logger('bank-connectors refunds');

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    private readonly refunds: RefundCommands,
    private readonly payments: PaymentCommands,
    private readonly adapters: BankAdapters,
    private readonly breakers: ChannelBreakers,
    private readonly outcomes: RefundOutcomes,
    private readonly store: ConnectorStore,
    private readonly callbackUrls: CallbackUrls,
  ) {}

  async onApproved(refundId: string, eventId: string): Promise<void> {
    const state = await this.refunds.state(refundId);
    if (state.status === 'approved') {
      const payment = await this.payments.state(state.paymentId);
      const fail = (reason: string) =>
        this.refunds.apply({ type: 'RecordRefundFailed', data: { refundId, reason, code: null, failedAt: this.refunds.now().toISOString() } }, eventId);
      // Nothing was sent yet, so failing is safe: the reservation is released and the refund can be asked again.
      if (payment.status !== 'settled') return void (await fail(`payment ${state.paymentId} is ${payment.status}`));
      if (!this.adapters.get(state.channel)) return void (await fail(`no connector for channel ${state.channel}`));
      const submittedAt = this.refunds.now().toISOString();
      await this.refunds.apply(
        { type: 'SubmitRefundToBank', data: { refundId, orderNo: refundOrderNumber(refundId), paymentOrderNo: payment.submission.bankRequestId, submittedAt } },
        eventId,
      );
    } else if (state.status !== 'submitted') {
      // Redelivered after the bank answered, or the refund ended: nothing to send.
      this.logger.log(`RefundApproved of ${refundId} skipped: the refund is ${state.status}`);
      return;
    }
    const submitted = await this.refunds.state(refundId);
    if (submitted.status === 'submitted') await this.send(submitted, eventId);
  }

  /**
   * Sends (or re-sends, with the same key) a written-ahead refund. Used by the poller too, when the
   * bank says it never received one. An open circuit sends nothing and asks again later.
   */
  async send(state: Submitted, causationId: string): Promise<void> {
    const { channel, orderNo, refundId } = state;
    const adapter = this.adapters.get(channel);
    const now = this.refunds.now();
    const unknown = (after: number) =>
      this.store.upsertPendingRefund({ orderNo, refundId, channel, answer: 'unknown', submittedAt: new Date(state.submittedAt), nextCheckAt: new Date(now.getTime() + after) });
    if (!adapter || !this.breakers.allowsPayments(adapter.channel)) {
      this.logger.warn(`refund order ${orderNo}: ${channel} ${adapter ? 'circuit is open' : 'has no connector'}; asking again later`);
      return unknown(this.config.callbackGraceMs);
    }
    const submission: RefundSubmission = {
      refundId,
      merchantOrderNo: state.paymentOrderNo,
      idempotencyKey: orderNo,
      amountMinor: state.amount.amountMinor.toString(),
      currency: state.amount.currency,
      callbackUrl: await this.callbackUrls.forRefunds(channel),
    };
    const call = await callWithRetries(this.config, this.logger, `${channel} refund order ${orderNo}`, () => adapter.submitRefund(submission));
    const at = this.refunds.now().toISOString();
    if (call.kind === 'answer') {
      const answer = call.value;
      const outcome: RefundBankOutcome =
        answer.outcome === 'accepted' ? { status: 'accepted', bankRefundId: answer.bankRefundId, at } : { status: 'failed', reason: 'declined by the bank', code: answer.code, at };
      await this.outcomes.apply(channel, orderNo, outcome, causationId);
    } else {
      // No answer: the bank may have it. Ask by order number once requests still in flight have landed.
      this.logger.warn(`${channel} gave no answer for refund order ${orderNo} (${call.kind === 'not-found' ? 'not found' : call.reason}): asking its status`);
      await unknown(this.config.bankTimeoutMs);
    }
  }
}
