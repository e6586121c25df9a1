import { DomainError, refundDecider, refundStreamId, type RefundEvent, type RefundState } from '@pl/domain';
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
  readonly version: number;
}

export async function loadRefund(store: EventStore, refundId: string): Promise<{ state: RefundState; revision: bigint } | undefined> {
  const events = await store.readStream(refundStreamId(refundId));
  const last = events.at(-1);
  if (!last) return undefined;
  const state = events.reduce((s, e) => refundDecider.evolve(s, e as unknown as RefundEvent), refundDecider.initialState());
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
