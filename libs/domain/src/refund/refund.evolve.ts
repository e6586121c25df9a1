import { money } from '../money';
import type { RefundEvent } from './refund.messages';
import type { RefundState } from './refund.state';

/** Folds one refund event; an event that does not fit its state (impossible through decide) changes nothing. */
export function evolve(state: RefundState, event: RefundEvent): RefundState {
  switch (event.type) {
    case 'RefundRequested': {
      const { amountMinor, currency, ...d } = event.data;
      return { status: 'awaiting_approval', ...d, amount: money(BigInt(amountMinor), currency), approvals: [] };
    }
    case 'RefundApprovalRecorded': {
      if (state.status !== 'awaiting_approval') return state;
      const { refundId: _id, ...approval } = event.data;
      return { ...state, approvals: [...state.approvals, approval] };
    }
    case 'RefundApproved':
      return state.status === 'awaiting_approval' ? { ...state, status: 'approved', approvedAt: event.data.approvedAt } : state;
    case 'RefundRejected':
      return state.status === 'awaiting_approval' ? { ...state, status: 'rejected', rejectedAt: event.data.rejectedAt, rejectedBy: event.data.rejectedBy } : state;
    case 'RefundSubmittedToBank': {
      if (state.status !== 'approved') return state;
      const { orderNo, paymentOrderNo, submittedAt } = event.data;
      return { ...state, status: 'submitted', orderNo, paymentOrderNo, submittedAt };
    }
    case 'RefundAcceptedByBank':
      return state.status === 'submitted' ? { ...state, status: 'pending', bankRefundId: event.data.bankRefundId, acceptedAt: event.data.acceptedAt } : state;
    case 'RefundSucceeded':
      return state.status === 'pending' ? { ...state, status: 'succeeded', bankRefundId: event.data.bankRefundId, succeededAt: event.data.succeededAt } : state;
    case 'RefundFailed': {
      if (state.status !== 'approved' && state.status !== 'submitted' && state.status !== 'pending') return state;
      const orderNo = state.status === 'approved' ? null : state.orderNo;
      const bankRefundId = state.status === 'pending' ? state.bankRefundId : null;
      const { reason, code, failedAt } = event.data;
      return { ...state, status: 'failed', orderNo, bankRefundId, reason, code, failedAt };
    }
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
