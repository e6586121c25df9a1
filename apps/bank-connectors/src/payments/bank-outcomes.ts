import { Injectable, Logger } from '@nestjs/common';
import { withSpan } from '@pl/telemetry';
import type { LifecycleCommand, PaymentState } from '@pl/domain';
import { ConnectorStore } from './connector-store';
import { parseOrderNumber } from './order-number';
import { PaymentCommands, type CommandOutcome } from './payment-commands';

/** What the bank says happened to one order, from a callback, a status query or the sync answer. */
export type BankOutcome =
  | { readonly status: 'authorized'; readonly bankReference: string; readonly at: string }
  | { readonly status: 'declined'; readonly code: string; readonly at: string }
  | { readonly status: 'failed'; readonly reason: string; readonly at: string };

export type OutcomeResult = CommandOutcome | 'unknown-order' | 'other-channel' | 'contradicts-record';

/** Reads and appends tried before an outcome is left for the bank's retry or the status poller: the stream rarely moves twice in a row. */
const MAX_ROUNDS = 5;
/** Orders remembered as resolved here: enough for the submissions whose bank answer is still on its way. */
const RESOLVED_REMEMBERED = 10_000;

/** How the payment's stream already resolved this attempt, if it did. */
function resolvedAs(state: PaymentState, attempt: number): BankOutcome['status'] | undefined {
  switch (state.status) {
    case 'authorized':
    case 'settled':
      return state.submission.attempt === attempt ? 'authorized' : undefined;
    case 'declined':
      return state.submission.attempt === attempt ? 'declined' : undefined;
    case 'failed':
      return state.failure.attempt === attempt ? 'failed' : undefined;
    case 'none':
    case 'requested':
    case 'under_review':
    case 'rejected':
    case 'approved':
    case 'routed':
    case 'submitted':
    case 'expired':
      return undefined;
    default: {
      const _never: never = state;
      return _never;
    }
  }
}

/**
 * Applies a bank's outcome to the attempt it names: an outcome for attempt 1 must never authorize
 * attempt 2 after a reroute. The command names the attempt and the decider refuses any other
 * (`attempt_mismatch`); the attempt is also checked here first, because an outcome that no longer
 * applies is an answer to give (already done, moot, or a case for reconciliation), not an error to
 * retry. Once applied (or found already applied) the pending row goes: here, or, while a submission
 * of the order in this process still awaits the bank's answer, by that submission (Submissions.send).
 */
@Injectable()
export class BankOutcomes {
  private readonly logger = new Logger('bank-connectors outcomes');
  /** Orders whose outcome this process appended or found in the stream, oldest first. */
  private readonly resolved = new Set<string>();
  /** Orders whose submission here is waiting for the bank's answer, with how many sends of each. */
  private readonly awaiting = new Map<string, number>();

  constructor(
    private readonly payments: PaymentCommands,
    private readonly store: ConnectorStore,
  ) {}

  async apply(channel: string, orderNo: string, outcome: BankOutcome, causationId: string): Promise<OutcomeResult> {
    const order = parseOrderNumber(orderNo);
    if (!order) {
      this.logger.warn(`${channel} reported ${outcome.status} for ${orderNo}, which is not one of our order numbers`);
      return 'unknown-order';
    }
    const { paymentId, attempt } = order;
    const onThisSubmission = (state: PaymentState): state is Extract<PaymentState, { status: 'submitted' }> =>
      state.status === 'submitted' && state.submission.attempt === attempt && state.submission.bankRequestId === orderNo;
    for (let round = 1; ; round += 1) {
      // First from the stream as this process's submission left it, when that shows this very
      // submission open (a callback following our own send): the append below expects that
      // revision, so a stale view conflicts and the next round reads. Anything else is read.
      const { state, trace, history } = round === 1 ? await this.payments.heldStateAndTrace(paymentId, onThisSubmission) : await this.payments.stateAndTrace(paymentId);
      if (!onThisSubmission(state)) {
        return this.notOnThisSubmission(channel, orderNo, outcome, paymentId, attempt, state);
      }
      if (state.submission.channel !== channel) {
        this.logger.warn(`${channel} reported on order ${orderNo}, which was submitted to ${state.submission.channel}: ignored`);
        return 'other-channel';
      }
      // Linked into the payment's own trace, so one trace shows the bank's answer too. Decided on the
      // history just read: its append expects that revision, so it lands only if nothing came in between.
      const command = this.command(paymentId, attempt, outcome);
      const landed = await withSpan(`bank-connectors ${outcome.status}`, { parent: trace, service: 'bank-connectors', attributes: { 'pl.order_no': orderNo, 'pl.channel': channel } }, () =>
        this.payments.applyOnKnown(command, causationId, history),
      );
      if (landed) {
        await this.resolvedNow(orderNo);
        return 'appended';
      }
      // The stream moved between the read and the append: another outcome of this order, or the attempt
      // failed and the payment was rerouted. Everything above is checked again on the stream as it is now,
      // so that a moved stream gets the same answers as one read after it moved.
      if (round >= MAX_ROUNDS) throw new Error(`order ${orderNo}: payment ${paymentId} kept changing while ${outcome.status} was applied (${MAX_ROUNDS} rounds); the bank's retry or the status poller brings it again`);
    }
  }

  /**
   * Whether this process has seen the order's outcome in the payment's stream (appended it, or found
   * it there). A fact, never stale: a stream's events are never undone. False says nothing: another
   * instance may have applied it.
   */
  resolvedHere(orderNo: string): boolean {
    return this.resolved.has(orderNo);
  }

  /**
   * Marks a submission of `orderNo` as waiting for the bank's answer here, until the returned
   * function is called. Meanwhile an outcome applied here leaves the order's pending row to that
   * submission, which must check `resolvedHere` after its last write and before it lets go.
   */
  awaitingAnswer(orderNo: string): () => void {
    this.awaiting.set(orderNo, (this.awaiting.get(orderNo) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.awaiting.get(orderNo) ?? 1) - 1;
      if (left > 0) this.awaiting.set(orderNo, left);
      else this.awaiting.delete(orderNo);
    };
  }

  /**
   * Whether the payment's stream already holds the outcome of this very order (read now): then it is
   * remembered and its pending row removed, and the bank need not be asked. For the status poller,
   * before it asks: a callback handled by another instance while this one was still writing the row
   * (Submissions.send) leaves the row behind, and so does a removal lost to a crash.
   */
  async resolvedInStream(pending: { readonly orderNo: string; readonly paymentId: string; readonly attempt: number }): Promise<boolean> {
    const state = await this.payments.state(pending.paymentId);
    if (resolvedAs(state, pending.attempt) === undefined) return false;
    await this.resolvedNow(pending.orderNo);
    return true;
  }

  /** The order's outcome is in the stream: remembered, and its pending row removed unless a submission here awaits its answer. */
  private async resolvedNow(orderNo: string): Promise<void> {
    this.resolved.add(orderNo);
    if (this.resolved.size > RESOLVED_REMEMBERED) {
      const oldest = this.resolved.values().next();
      if (!oldest.done) this.resolved.delete(oldest.value);
    }
    if (!this.awaiting.has(orderNo)) await this.store.removePending(orderNo);
  }

  /** An outcome for an order that is not the payment's open submission: already applied, contradicted, or moot. */
  private async notOnThisSubmission(channel: string, orderNo: string, outcome: BankOutcome, paymentId: string, attempt: number, state: PaymentState): Promise<OutcomeResult> {
    const resolved = resolvedAs(state, attempt);
    if (resolved === outcome.status) {
      await this.resolvedNow(orderNo);
      return 'already-done';
    }
    if (resolved !== undefined || outcome.status === 'authorized') {
      // The bank and our record disagree (e.g. it charged an attempt we failed): money may have moved
      // twice. Not ours to fix silently: reconciliation must see it.
      this.logger.error(`RECONCILE: ${channel} reports ${outcome.status} for order ${orderNo}; payment ${paymentId} is ${state.status}${resolved ? ` (attempt ${attempt} ${resolved})` : ''}`);
      await this.store.removePending(orderNo);
      return 'contradicts-record';
    }
    this.logger.log(`${outcome.status} for order ${orderNo} no longer applies: payment ${paymentId} is ${state.status}`);
    await this.store.removePending(orderNo);
    return 'no-longer-applicable';
  }

  private command(paymentId: string, attempt: number, outcome: BankOutcome): LifecycleCommand {
    switch (outcome.status) {
      case 'authorized':
        return { type: 'AuthorizePayment', data: { paymentId, attempt, bankReference: outcome.bankReference, authorizedAt: outcome.at } };
      case 'declined':
        return { type: 'DeclinePayment', data: { paymentId, attempt, reason: 'declined by the bank', code: outcome.code, declinedAt: outcome.at } };
      case 'failed':
        return { type: 'FailPayment', data: { paymentId, attempt, reason: outcome.reason, failedAt: outcome.at } };
      default: {
        const _never: never = outcome;
        return _never;
      }
    }
  }
}
