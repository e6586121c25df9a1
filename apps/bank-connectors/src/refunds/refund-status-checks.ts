import { Inject, Injectable, Logger } from '@nestjs/common';
import type { RefundOrderStatus } from '@pl/bank-protocol';
import { BankAdapters } from '../bank/bank-adapters';
import { nextCheckDelayMs } from '../stream-commands';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { ConnectorStore, type PendingRefund } from '../payments/connector-store';
import { RefundCommands } from './refund-commands';
import { RefundOutcomes, type RefundBankOutcome } from './refund-outcomes';
import { RefundSubmissions } from './refund-submissions';

const BATCH = 50;
/**
 * A refund the bank says it never received is sent again (same key) this many times before it is
 * failed and its amount released. Unlike a payment, a refund has no other route to fall back to.
 */
export const REFUND_RESENDS = 5;

/**
 * Refunds whose outcome is late or whose answer was lost, looked up at the bank by our refund order
 * number: the status query recovers the bank's refund id after a timeout, and a final outcome the
 * callback did not bring.
 */
@Injectable()
export class RefundStatusChecks {
  private readonly logger = new Logger('bank-connectors refund status');

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    private readonly store: ConnectorStore,
    private readonly adapters: BankAdapters,
    private readonly outcomes: RefundOutcomes,
    private readonly refunds: RefundCommands,
    private readonly submissions: RefundSubmissions,
  ) {}

  async checkDue(running: () => boolean): Promise<void> {
    const due = await this.store.duePendingRefunds(this.refunds.now(), BATCH);
    for (const pending of due) {
      if (!running()) return;
      await this.check(pending);
    }
  }

  private async check(pending: PendingRefund): Promise<void> {
    const adapter = this.adapters.get(pending.channel);
    if (!adapter) return this.later(pending, `no connector for ${pending.channel}`);
    const call = await adapter.refundOrderStatus(pending.orderNo);
    const cause = (status: string) => `status:${pending.orderNo}:${status}`;
    switch (call.kind) {
      case 'answer': {
        const outcome = this.outcomeOf(call.value);
        if (outcome) {
          await this.outcomes.apply(pending.channel, pending.orderNo, outcome, cause(call.value.status));
          return;
        }
        // Still pending at the bank; if its answer was lost, the query gave us its refund id.
        if (pending.answer === 'unknown' && call.value.bankRefundId !== null) {
          await this.outcomes.apply(pending.channel, pending.orderNo, { status: 'accepted', bankRefundId: call.value.bankRefundId, at: this.now() }, cause('pending'));
          return;
        }
        return this.later(pending);
      }
      case 'not-found':
        return this.notFound(pending);
      case 'unavailable':
      case 'refused':
        return this.later(pending);
      default: {
        const _never: never = call;
        return _never;
      }
    }
  }

  /** The bank has no record: nothing was paid back, so sending again (same key) is safe. */
  private async notFound(pending: PendingRefund): Promise<void> {
    if (pending.answer === 'accepted') return this.later(pending, `${pending.channel} accepted refund order ${pending.orderNo} but now says it does not know it`);
    const state = await this.refunds.state(pending.refundId);
    if (state.status !== 'submitted') {
      await this.store.removePendingRefund(pending.orderNo);
      return;
    }
    if (pending.checks < REFUND_RESENDS) {
      this.logger.warn(`${pending.channel} never received refund order ${pending.orderNo}: sending it again (${pending.checks + 1}/${REFUND_RESENDS})`);
      await this.submissions.send(state, `resend:${pending.orderNo}:${pending.checks}`);
      return;
    }
    const reason = `the bank never received the refund after ${REFUND_RESENDS + 1} sends`;
    await this.outcomes.apply(pending.channel, pending.orderNo, { status: 'failed', reason, code: null, at: this.now() }, `status:${pending.orderNo}:not-found`);
  }

  private outcomeOf(status: RefundOrderStatus): RefundBankOutcome | undefined {
    const at = this.now();
    switch (status.status) {
      case 'pending':
        return undefined;
      case 'succeeded':
        return status.bankRefundId === null ? undefined : { status: 'succeeded', bankRefundId: status.bankRefundId, at };
      case 'failed':
        return { status: 'failed', reason: 'the bank reports the refund failed', code: null, ...(status.bankRefundId === null ? {} : { bankRefundId: status.bankRefundId }), at };
      case 'declined':
        return { status: 'failed', reason: 'declined by the bank', code: status.declineCode, at };
      default: {
        const _never: never = status.status;
        return _never;
      }
    }
  }

  private now(): string {
    return this.refunds.now().toISOString();
  }

  private async later(pending: PendingRefund, problem?: string): Promise<void> {
    if (problem) this.logger.error(problem);
    const delay = nextCheckDelayMs(this.config.statusPollIntervalMs, pending.checks);
    await this.store.reschedulePendingRefund(pending.orderNo, new Date(this.refunds.now().getTime() + delay));
  }
}
