import type { Money } from '../money';
import type { Approval } from './refund.messages';

type Requested = Readonly<{
  refundId: string;
  paymentId: string;
  amount: Money;
  channel: string;
  reason: string;
  requestedBy: string;
  idempotencyKey: string;
  requestedAt: string;
  approvalsRequired: number;
  approvals: readonly Approval[];
}>;

/**
 * A union keyed by status. `awaiting_approval` → `approved` (by policy below the threshold, or by
 * enough different approvers) → `submitted` → `succeeded` | `failed`; a rejection ends it.
 */
export type RefundState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'awaiting_approval' }> & Requested)
  | (Readonly<{ status: 'approved'; approvedAt: string }> & Requested)
  | (Readonly<{ status: 'rejected'; rejectedAt: string; rejectedBy: string }> & Requested)
  | (Readonly<{ status: 'submitted'; approvedAt: string; bankRequestId: string; submittedAt: string }> & Requested)
  | (Readonly<{ status: 'succeeded'; approvedAt: string; bankRequestId: string; bankRefundId: string; succeededAt: string }> & Requested)
  | (Readonly<{ status: 'failed'; approvedAt: string; bankRequestId: string | null; reason: string; failedAt: string }> & Requested);

export type RefundStatus = RefundState['status'];
