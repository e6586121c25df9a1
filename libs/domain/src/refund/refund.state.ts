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

/** What was sent to the bank (write-ahead): our refund order number and the original payment's. */
type AtBank = Readonly<{ approvedAt: string; orderNo: string; paymentOrderNo: string; submittedAt: string }>;

/**
 * A union keyed by status. `awaiting_approval` → `approved` (by policy below the threshold, or by
 * enough different approvers) → `submitted` (recorded before the bank call; the call is in flight or
 * being recovered by a status query) → `pending` (the bank accepted it and gave its refund id) →
 * `succeeded` | `failed`; a rejection ends it.
 */
export type RefundState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'awaiting_approval' }> & Requested)
  | (Readonly<{ status: 'approved'; approvedAt: string }> & Requested)
  | (Readonly<{ status: 'rejected'; rejectedAt: string; rejectedBy: string }> & Requested)
  | (Readonly<{ status: 'submitted' }> & AtBank & Requested)
  | (Readonly<{ status: 'pending'; bankRefundId: string; acceptedAt: string }> & AtBank & Requested)
  | (Readonly<{ status: 'succeeded'; bankRefundId: string; succeededAt: string }> & AtBank & Requested)
  | (Readonly<{
      status: 'failed';
      approvedAt: string;
      orderNo: string | null;
      bankRefundId: string | null;
      reason: string;
      code: string | null;
      failedAt: string;
    }> &
      Requested);

export type RefundStatus = RefundState['status'];
