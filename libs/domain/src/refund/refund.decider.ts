import { DomainError, assertNever, type Decider } from '../shared/messages';
import type { RecordApproval, RefundCommand, RefundEvent, RequestRefund } from './refund.messages';
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

export function decide(command: RefundCommand, state: RefundState): RefundEvent[] {
  switch (command.type) {
    case 'RequestRefund':
      return requestRefund(command, state);
    case 'RecordApproval':
      return recordApproval(command, state);
    case 'SubmitRefundToBank': {
      const c = command.data;
      const s = existing(state, c.refundId);
      if ('bankRequestId' in s && s.bankRequestId === c.bankRequestId) return [];
      if (s.status !== 'approved') refuse('refund_not_approved', s, `cannot be submitted while ${s.status}`);
      return [{ type: 'RefundSubmittedToBank', data: { refundId: c.refundId, paymentId: s.paymentId, bankRequestId: c.bankRequestId, submittedAt: c.submittedAt } }];
    }
    case 'RecordRefundSucceeded': {
      const c = command.data;
      const s = existing(state, c.refundId);
      if (s.status === 'succeeded') {
        if (s.bankRefundId === c.bankRefundId) return [];
        refuse('refund_conflict', s, `already succeeded with bank refund ${s.bankRefundId}`);
      }
      if (s.status !== 'submitted') refuse('illegal_transition', s, `cannot succeed while ${s.status}`);
      return [{ type: 'RefundSucceeded', data: { refundId: c.refundId, paymentId: s.paymentId, bankRefundId: c.bankRefundId, succeededAt: c.succeededAt } }];
    }
    case 'RecordRefundFailed': {
      const c = command.data;
      const s = existing(state, c.refundId);
      if (s.status === 'failed') return [];
      if (s.status !== 'submitted' && s.status !== 'approved') refuse('illegal_transition', s, `cannot fail while ${s.status}`);
      return [{ type: 'RefundFailed', data: { refundId: c.refundId, paymentId: s.paymentId, reason: c.reason, failedAt: c.failedAt } }];
    }
    default: {
      const _never: never = command;
      return assertNever(_never);
    }
  }
}

export const initialState = (): RefundState => ({ status: 'none' });

export const refundDecider: Decider<RefundState, RefundCommand, RefundEvent> = { initialState, decide, evolve };
