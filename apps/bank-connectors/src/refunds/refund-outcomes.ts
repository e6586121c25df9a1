import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RefundCommand } from '@pl/domain';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { ConnectorStore } from '../payments/connector-store';
import type { OutcomeResult } from '../payments/bank-outcomes';
import { RefundCommands } from './refund-commands';
import { parseRefundOrderNumber } from './refund-order-number';

/** What the bank says about one refund order: from its sync answer, a callback or a status query. */
export type RefundBankOutcome =
  | { readonly status: 'accepted'; readonly bankRefundId: string; readonly at: string }
  | { readonly status: 'succeeded'; readonly bankRefundId: string; readonly at: string }
  | { readonly status: 'failed'; readonly reason: string; readonly code: string | null; readonly bankRefundId?: string; readonly at: string };

/**
 * Applies a bank's word on a refund to the refund's stream. `accepted` keeps the order pending (the
 * outcome is awaited; the poller asks after the callback's grace time); a final outcome clears it.
 * The payment's side (complete or release the reservation) follows from the refund's events.
 */
@Injectable()
export class RefundOutcomes {
  private readonly logger = new Logger('bank-connectors refund outcomes');

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    private readonly refunds: RefundCommands,
    private readonly store: ConnectorStore,
  ) {}

  async apply(channel: string, orderNo: string, outcome: RefundBankOutcome, causationId: string): Promise<OutcomeResult> {
    const refundId = parseRefundOrderNumber(orderNo);
    const state = refundId ? await this.refunds.state(refundId) : undefined;
    if (!refundId || !state || state.status === 'none') {
      this.logger.warn(`${channel} reported ${outcome.status} for ${orderNo}, which is not one of our refunds`);
      return 'unknown-order';
    }
    if (state.channel !== channel) {
      this.logger.warn(`${channel} reported on refund order ${orderNo}, which went to ${state.channel}: ignored`);
      return 'other-channel';
    }
    if (state.status === 'failed' && outcome.status === 'accepted' && state.bankRefundId === outcome.bankRefundId) {
      // The sync answer arrived after the callback that failed it: already recorded.
      await this.store.removePendingRefund(orderNo);
      return 'already-done';
    }
    const contradicts = (state.status === 'failed' && outcome.status !== 'failed') || (state.status === 'succeeded' && outcome.status === 'failed');
    if (contradicts) {
      // Money may have moved where our record says it did not (or the reverse): reconciliation must see it.
      this.logger.error(`RECONCILE: ${channel} reports refund order ${orderNo} ${outcome.status}; refund ${refundId} is ${state.status}`);
      await this.store.removePendingRefund(orderNo);
      return 'contradicts-record';
    }
    if (outcome.status === 'accepted') {
      // The row before the event: once RefundAcceptedByBank is recorded, a redelivered RefundApproved
      // sends nothing, so if the process died between the two and the bank's callback were lost,
      // nothing would ever ask the bank again. With the row first, the poller asks.
      const now = this.refunds.now();
      await this.store.upsertPendingRefund({ orderNo, refundId, channel, answer: 'accepted', submittedAt: now, nextCheckAt: new Date(now.getTime() + this.config.callbackGraceMs) });
    }
    const result = await this.refunds.apply(this.command(refundId, outcome), causationId);
    if (outcome.status === 'accepted') {
      // A callback may have settled it meanwhile: row first, then this check, so none is left behind.
      const after = await this.refunds.state(refundId);
      if (after.status === 'succeeded' || after.status === 'failed') await this.store.removePendingRefund(orderNo);
    } else {
      await this.store.removePendingRefund(orderNo);
    }
    return result;
  }

  private command(refundId: string, outcome: RefundBankOutcome): RefundCommand {
    switch (outcome.status) {
      case 'accepted':
        return { type: 'RecordRefundAccepted', data: { refundId, bankRefundId: outcome.bankRefundId, acceptedAt: outcome.at } };
      case 'succeeded':
        return { type: 'RecordRefundSucceeded', data: { refundId, bankRefundId: outcome.bankRefundId, succeededAt: outcome.at } };
      case 'failed':
        return {
          type: 'RecordRefundFailed',
          data: { refundId, reason: outcome.reason, code: outcome.code, failedAt: outcome.at, ...(outcome.bankRefundId === undefined ? {} : { bankRefundId: outcome.bankRefundId }) },
        };
      default: {
        const _never: never = outcome;
        return _never;
      }
    }
  }
}
