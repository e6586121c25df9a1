import { DomainError, assertNever, type Decider } from '../shared/messages';
import type { RecordApproval, RecordRefundAccepted, RecordRefundFailed, RecordRefundSucceeded, RefundCommand, RefundEvent, RequestRefund, SubmitRefundToBank } from './refund.messages';
import { REQUIRED_APPROVERS } from './refund.messages';
import type { RefundState } from './refund.state';
import { evolve } from './refund.evolve';

type Existing = Exclude<RefundState, { status: 'none' }>;

function existing(state: RefundState, refundId: string): Existing {
  if (state.status === 'none') throw new DomainError('refund_not_found', `refund ${refundId} does not exist`, { refundId });
  return state;
}

function refuse(code: string, s: Existing, message: string): never {
  throw new DomainError(code, `refund ${s.refundId}: ${message}`, { refundId: s.refundId, status: s.status });
}

/** Below the threshold the policy approves at once; above it, REQUIRED_APPROVERS people must. */
function requestRefund(command: RequestRefund, state: RefundState): RefundEvent[] {
  const c = command.data;
  if (state.status !== 'none') {
    if (state.idempotencyKey === c.idempotencyKey && state.paymentId === c.paymentId && state.amount.amountMinor === c.amountMinor) return [];
    refuse('refund_exists', state, 'already requested with other details');
  }
  if (c.amountMinor <= 0n) throw new DomainError('invalid_amount', 'refund amount must be greater than zero');
  const approvalsRequired = c.amountMinor > c.approvalThresholdMinor ? REQUIRED_APPROVERS : 0;
  const requested: RefundEvent = {
    type: 'RefundRequested',
    data: {
      refundId: c.refundId,
      paymentId: c.paymentId,
      amountMinor: c.amountMinor.toString(),
      currency: c.currency,
      channel: c.channel,
      reason: c.reason,
      requestedBy: c.requestedBy,
      idempotencyKey: c.idempotencyKey,
      requestedAt: c.requestedAt,
      approvalsRequired,
    },
  };
  if (approvalsRequired > 0) return [requested];
  return [requested, { type: 'RefundApproved', data: { refundId: c.refundId, paymentId: c.paymentId, approvedAt: c.requestedAt, approvers: [] } }];
}

/** Four eyes: different approvers, neither of them the requester; one rejection ends the refund. */
function recordApproval(command: RecordApproval, state: RefundState): RefundEvent[] {
  const c = command.data;
  const s = existing(state, c.refundId);
  const mine = s.approvals.find((a) => a.approverId === c.approverId);
  if (mine) {
    if (mine.decision === c.decision) return [];
    refuse('approval_conflict', s, `${c.approverId} already decided ${mine.decision}`);
  }
  if (s.status !== 'awaiting_approval') refuse('refund_not_awaiting_approval', s, `is ${s.status}`);
  if (c.approverId === s.requestedBy) refuse('self_approval', s, `${c.approverId} requested this refund and cannot approve it`);
  const { refundId, approverId, decision, note, ip, decidedAt } = c;
  const recorded: RefundEvent = { type: 'RefundApprovalRecorded', data: { refundId, approverId, decision, note, ip, decidedAt } };
  if (decision === 'reject') {
    return [recorded, { type: 'RefundRejected', data: { refundId, paymentId: s.paymentId, rejectedBy: approverId, note, rejectedAt: decidedAt } }];
  }
  const approvers = [...s.approvals.filter((a) => a.decision === 'approve').map((a) => a.approverId), approverId];
  if (approvers.length < s.approvalsRequired) return [recorded];
  return [recorded, { type: 'RefundApproved', data: { refundId, paymentId: s.paymentId, approvedAt: decidedAt, approvers } }];
}

/** Once per refund: a repeat with the same order number is a no-op (a redelivered RefundApproved). */
function submitToBank(command: SubmitRefundToBank, state: RefundState): RefundEvent[] {
  const c = command.data;
  const s = existing(state, c.refundId);
  if ('orderNo' in s && s.orderNo !== null) {
    if (s.orderNo === c.orderNo) return [];
    refuse('submission_conflict', s, `was already submitted as ${s.orderNo}`);
  }
  if (s.status !== 'approved') refuse('refund_not_approved', s, `cannot be submitted while ${s.status}`);
  const { refundId, orderNo, paymentOrderNo, submittedAt } = c;
  return [
    {
      type: 'RefundSubmittedToBank',
      data: { refundId, paymentId: s.paymentId, channel: s.channel, orderNo, paymentOrderNo, amountMinor: s.amount.amountMinor.toString(), currency: s.amount.currency, submittedAt },
    },
  ];
}

/** The bank's refund id is set once; a second, different id for the same order is a contradiction. */
function knownBankRefundId(s: Existing, bankRefundId: string): boolean {
  if (!('bankRefundId' in s) || s.bankRefundId === null) return false;
  if (s.bankRefundId === bankRefundId) return true;
  return refuse('refund_conflict', s, `the bank already named it ${s.bankRefundId}, not ${bankRefundId}`);
}

function recordAccepted(command: RecordRefundAccepted, state: RefundState): RefundEvent[] {
  const c = command.data;
  const s = existing(state, c.refundId);
  if (knownBankRefundId(s, c.bankRefundId)) return [];
  if (s.status !== 'submitted') refuse('illegal_transition', s, `cannot be accepted by the bank while ${s.status}`);
  return [{ type: 'RefundAcceptedByBank', data: { refundId: c.refundId, paymentId: s.paymentId, bankRefundId: c.bankRefundId, acceptedAt: c.acceptedAt } }];
}

/**
 * A success may arrive before the sync answer was recorded (a fast callback, or a status query after a
 * timeout): the acceptance is then implied and recorded with it, so the bank's refund id is never lost.
 */
function recordSucceeded(command: RecordRefundSucceeded, state: RefundState): RefundEvent[] {
  const c = command.data;
  const s = existing(state, c.refundId);
  if (s.status === 'succeeded') {
    if (s.bankRefundId === c.bankRefundId) return [];
    refuse('refund_conflict', s, `already succeeded with bank refund ${s.bankRefundId}`);
  }
  const succeeded: RefundEvent = { type: 'RefundSucceeded', data: { refundId: c.refundId, paymentId: s.paymentId, bankRefundId: c.bankRefundId, succeededAt: c.succeededAt } };
  if (s.status === 'pending') {
    knownBankRefundId(s, c.bankRefundId);
    return [succeeded];
  }
  if (s.status !== 'submitted') refuse('illegal_transition', s, `cannot succeed while ${s.status}`);
  return [{ type: 'RefundAcceptedByBank', data: { refundId: c.refundId, paymentId: s.paymentId, bankRefundId: c.bankRefundId, acceptedAt: c.succeededAt } }, succeeded];
}

/** Failing is possible until the bank paid: before the call (no route), at it (declined) or after (failed). */
function recordFailed(command: RecordRefundFailed, state: RefundState): RefundEvent[] {
  const c = command.data;
  const s = existing(state, c.refundId);
  if (s.status === 'failed') return [];
  if (s.status !== 'approved' && s.status !== 'submitted' && s.status !== 'pending') refuse('illegal_transition', s, `cannot fail while ${s.status}`);
  const failed: RefundEvent = { type: 'RefundFailed', data: { refundId: c.refundId, paymentId: s.paymentId, reason: c.reason, code: c.code, failedAt: c.failedAt } };
  if (c.bankRefundId === undefined) return [failed];
  if (s.status === 'pending') {
    knownBankRefundId(s, c.bankRefundId);
    return [failed];
  }
  // Failed by its callback before the sync answer was recorded: the bank's id is kept all the same.
  if (s.status !== 'submitted') refuse('illegal_transition', s, `cannot have been accepted by the bank while ${s.status}`);
  return [{ type: 'RefundAcceptedByBank', data: { refundId: c.refundId, paymentId: s.paymentId, bankRefundId: c.bankRefundId, acceptedAt: c.failedAt } }, failed];
}

export function decide(command: RefundCommand, state: RefundState): RefundEvent[] {
  switch (command.type) {
    case 'RequestRefund':
      return requestRefund(command, state);
    case 'RecordApproval':
      return recordApproval(command, state);
    case 'SubmitRefundToBank':
      return submitToBank(command, state);
    case 'RecordRefundAccepted':
      return recordAccepted(command, state);
    case 'RecordRefundSucceeded':
      return recordSucceeded(command, state);
    case 'RecordRefundFailed':
      return recordFailed(command, state);
    default: {
      const _never: never = command;
      return assertNever(_never);
    }
  }
}

export const initialState = (): RefundState => ({ status: 'none' });

export const refundDecider: Decider<RefundState, RefundCommand, RefundEvent> = { initialState, decide, evolve };
