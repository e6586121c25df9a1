import type { Command, Event } from '../shared/messages';
import type { CurrencyCode } from '../money';

/**
 * The refund's own stream `refund-<uuid>`: request, approvals, the bank call and its outcome.
 * The amount is held on the payment stream (PaymentRefundReserved) before the refund is requested,
 * so this stream never has to check the payment's ceiling.
 */
export const refundStreamId = (refundId: string): string => `refund-${refundId}`;

/** 500,000.00 CNY: refunds above it need two approvers (configurable per deployment). */
export const DEFAULT_APPROVAL_THRESHOLD_MINOR = 50_000_000n;
export const REQUIRED_APPROVERS = 2;

type Ref = { refundId: string };
export type ApprovalDecision = 'approve' | 'reject';
/** Who decided, when and from which address: the audit trail of a four-eyes approval. */
export type Approval = Readonly<{ approverId: string; decision: ApprovalDecision; note: string; ip: string; decidedAt: string }>;

export type RequestRefund = Command<
  'RequestRefund',
  Ref & {
    paymentId: string;
    amountMinor: bigint;
    currency: CurrencyCode;
    channel: string;
    reason: string;
    requestedBy: string;
    idempotencyKey: string;
    requestedAt: string;
    approvalThresholdMinor: bigint;
  }
>;
export type RecordApproval = Command<'RecordApproval', Ref & Approval>;
export type SubmitRefundToBank = Command<'SubmitRefundToBank', Ref & { bankRequestId: string; submittedAt: string }>;
export type RecordRefundSucceeded = Command<'RecordRefundSucceeded', Ref & { bankRefundId: string; succeededAt: string }>;
export type RecordRefundFailed = Command<'RecordRefundFailed', Ref & { reason: string; failedAt: string }>;

export type RefundCommand = RequestRefund | RecordApproval | SubmitRefundToBank | RecordRefundSucceeded | RecordRefundFailed;

export type RefundRequested = Event<
  'RefundRequested',
  Ref & {
    paymentId: string;
    amountMinor: string;
    currency: CurrencyCode;
    channel: string;
    reason: string;
    requestedBy: string;
    idempotencyKey: string;
    requestedAt: string;
    approvalsRequired: number;
  }
>;
export type RefundApprovalRecorded = Event<'RefundApprovalRecorded', Ref & Approval>;
export type RefundApproved = Event<'RefundApproved', Ref & { paymentId: string; approvedAt: string; approvers: string[] }>;
export type RefundRejected = Event<'RefundRejected', Ref & { paymentId: string; rejectedBy: string; note: string; rejectedAt: string }>;
export type RefundSubmittedToBank = Event<'RefundSubmittedToBank', Ref & { paymentId: string; bankRequestId: string; submittedAt: string }>;
export type RefundSucceeded = Event<'RefundSucceeded', Ref & { paymentId: string; bankRefundId: string; succeededAt: string }>;
export type RefundFailed = Event<'RefundFailed', Ref & { paymentId: string; reason: string; failedAt: string }>;

export type RefundEvent =
  | RefundRequested
  | RefundApprovalRecorded
  | RefundApproved
  | RefundRejected
  | RefundSubmittedToBank
  | RefundSucceeded
  | RefundFailed;
