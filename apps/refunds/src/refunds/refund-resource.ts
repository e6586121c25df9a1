import { DomainError, foldRefund, refundStreamId, type RefundState } from '@pl/domain';
import type { EventStore } from '@pl/event-store';
import { ProblemException } from '@pl/service-kit';

/** A refund as the API shows it: money as digit strings, approvals with who, when and where. */
export interface RefundResource {
  readonly id: string;
  readonly paymentId: string;
  readonly status: RefundState['status'];
  readonly amount: string;
  readonly currency: string;
  readonly channel: string;
  readonly reason: string;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly approvalsRequired: number;
  readonly approvals: readonly { approverId: string; decision: string; note: string; ip: string; decidedAt: string }[];
  /** Null until the refund was sent; `bankRefundId` is set only once the bank answered (status `pending` on). */
  readonly bank: { readonly orderNo: string; readonly bankRefundId: string | null; readonly submittedAt: string | null } | null;
  readonly failure: { readonly reason: string; readonly code: string | null; readonly failedAt: string } | null;
  readonly version: number;
}

function bankOf(state: Exclude<RefundState, { status: 'none' }>): RefundResource['bank'] {
  switch (state.status) {
    case 'awaiting_approval':
    case 'approved':
    case 'rejected':
      return null;
    case 'submitted':
      return { orderNo: state.orderNo, bankRefundId: null, submittedAt: state.submittedAt };
    case 'pending':
    case 'succeeded':
      return { orderNo: state.orderNo, bankRefundId: state.bankRefundId, submittedAt: state.submittedAt };
    case 'failed':
      return state.orderNo === null ? null : { orderNo: state.orderNo, bankRefundId: state.bankRefundId, submittedAt: null };
    default: {
      const _never: never = state;
      return _never;
    }
  }
}

export async function loadRefund(store: EventStore, refundId: string): Promise<{ state: RefundState; revision: bigint } | undefined> {
  const events = await store.readStream(refundStreamId(refundId));
  const last = events.at(-1);
  if (!last) return undefined;
  const state = foldRefund(events);
  return { state, revision: last.revision };
}

export function refundResource(state: RefundState, revision: bigint): RefundResource {
  if (state.status === 'none') throw new Error('a refund resource needs a requested refund');
  return {
    id: state.refundId,
    paymentId: state.paymentId,
    status: state.status,
    amount: state.amount.amountMinor.toString(),
    currency: state.amount.currency,
    channel: state.channel,
    reason: state.reason,
    requestedBy: state.requestedBy,
    requestedAt: state.requestedAt,
    approvalsRequired: state.approvalsRequired,
    approvals: state.approvals,
    bank: bankOf(state),
    failure: state.status === 'failed' ? { reason: state.reason, code: state.code, failedAt: state.failedAt } : null,
    version: Number(revision),
  };
}

/** A business rule said no: 404 when the thing is missing, else 422 with the rule's code. */
export function problemFor(error: DomainError, title: string): ProblemException {
  const notFound = error.code === 'payment_not_found' || error.code === 'refund_not_found';
  return new ProblemException({
    status: notFound ? 404 : 422,
    type: notFound ? 'not-found' : 'refund-rejected',
    title: notFound ? 'Not found' : title,
    detail: error.message,
    extra: { code: error.code, ...error.details },
  });
}
