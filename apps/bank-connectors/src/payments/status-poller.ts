import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { PaymentOrderStatus } from '@pl/bank-protocol';
import { BankAdapters } from '../bank/bank-adapters';
import { nextCheckDelayMs } from '../stream-commands';
import { RepeatingTask } from '../repeating-task';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { BankOutcomes, type BankOutcome } from './bank-outcomes';
import { ConnectorStore, type PendingSubmission } from './connector-store';
import { PaymentCommands } from './payment-commands';
import { RefundStatusChecks } from '../refunds/refund-status-checks';

const BATCH = 50;

/**
 * Late or lost callbacks: every STATUS_POLL_INTERVAL_MS, pending submissions (and refunds, through
 * RefundStatusChecks) past their next check are looked up at the bank by order number, unless the
 * payment's stream already has the order's outcome (a row left behind: see Submissions.send). A
 * missing callback never fails a payment; only the bank saying it has no such order (for a
 * submission that never got an answer) does.
 */
@Injectable()
export class StatusPoller implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('bank-connectors status');
  private readonly task: RepeatingTask;

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    private readonly store: ConnectorStore,
    private readonly adapters: BankAdapters,
    private readonly outcomes: BankOutcomes,
    private readonly payments: PaymentCommands,
    private readonly refundChecks: RefundStatusChecks,
  ) {
    this.task = new RepeatingTask('status round', config.statusPollIntervalMs, () => this.pollOnce(), this.logger);
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  async pollOnce(): Promise<void> {
    const due = await this.store.duePending(this.payments.now(), BATCH);
    for (const pending of due) {
      if (!this.task.running) return;
      await this.check(pending);
    }
    await this.refundChecks.checkDue(() => this.task.running);
  }

  private async check(pending: PendingSubmission): Promise<void> {
    const adapter = this.adapters.get(pending.channel);
    if (!adapter) return this.later(pending, `no connector for ${pending.channel}`);
    // The outcome may be in the stream already (another instance handled the callback): nothing to ask.
    if (await this.outcomes.resolvedInStream(pending)) return;
    const call = await adapter.orderStatus(pending.orderNo);
    switch (call.kind) {
      case 'answer': {
        const outcome = this.outcomeOf(call.value);
        if (!outcome) return this.later(pending);
        await this.outcomes.apply(pending.channel, pending.orderNo, outcome, `status:${pending.orderNo}:${call.value.status}`);
        return;
      }
      case 'not-found':
        if (pending.answer === 'unknown') {
          // The bank never recorded any of our tries: nothing was charged, so another channel may try.
          const failed: BankOutcome = { status: 'failed', reason: 'no answer from the bank, and it has no record of the order', at: this.payments.now().toISOString() };
          await this.outcomes.apply(pending.channel, pending.orderNo, failed, `status:${pending.orderNo}:not-found`);
          return;
        }
        return this.later(pending, `${pending.channel} accepted order ${pending.orderNo} but now says it does not know it`);
      case 'unavailable':
      case 'refused':
        return this.later(pending);
      default: {
        const _never: never = call;
        return _never;
      }
    }
  }

  private outcomeOf(status: PaymentOrderStatus): BankOutcome | undefined {
    const at = this.payments.now().toISOString();
    switch (status.status) {
      case 'pending':
        return undefined;
      case 'authorized':
        // A status without a reference is not a usable authorization: ask again.
        return status.bankReference === null ? undefined : { status: 'authorized', bankReference: status.bankReference, at };
      case 'declined':
        return { status: 'declined', code: status.declineCode ?? 'declined', at };
      case 'failed':
        return { status: 'failed', reason: 'the bank reports the payment failed', at };
      default: {
        const _never: never = status.status;
        return _never;
      }
    }
  }

  private async later(pending: PendingSubmission, problem?: string): Promise<void> {
    if (problem) this.logger.error(problem);
    const delay = nextCheckDelayMs(this.config.statusPollIntervalMs, pending.checks);
    await this.store.reschedule(pending.orderNo, new Date(this.payments.now().getTime() + delay));
  }
}
