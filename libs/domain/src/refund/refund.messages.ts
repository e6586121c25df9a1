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
/**
 * Written BEFORE the bank is called (write-ahead). `orderNo` is our refund order number, the bank's
 * idempotency key for every retry; `paymentOrderNo` names the original payment at the same bank.
 */
export type SubmitRefundToBank = Command<'SubmitRefundToBank', Ref & { orderNo: string; paymentOrderNo: string; submittedAt: string }>;
/** The bank took the refund and gave its own id: only from here on is the refund pending at the bank. */
export type RecordRefundAccepted = Command<'RecordRefundAccepted', Ref & { bankRefundId: string; acceptedAt: string }>;
export type RecordRefundSucceeded = Command<'RecordRefundSucceeded', Ref & { bankRefundId: string; succeededAt: string }>;
/**
 * `code`: the bank's decline code when it refused; null when it failed or never got the request.
 * `bankRefundId`: the bank's id when it had accepted the refund before failing it (a callback says so).
 */
export type RecordRefundFailed = Command<'RecordRefundFailed', Ref & { reason: string; code: string | null; bankRefundId?: string; failedAt: string }>;

export type RefundCommand = RequestRefund | RecordApproval | SubmitRefundToBank | RecordRefundAccepted | RecordRefundSucceeded | RecordRefundFailed;

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
export type RefundSubmittedToBank = Event<
  'RefundSubmittedToBank',
  Ref & { paymentId: string; channel: string; orderNo: string; paymentOrderNo: string; amountMinor: string; currency: CurrencyCode; submittedAt: string }
>;
export type RefundAcceptedByBank = Event<'RefundAcceptedByBank', Ref & { paymentId: string; bankRefundId: string; acceptedAt: string }>;
export type RefundSucceeded = Event<'RefundSucceeded', Ref & { paymentId: string; bankRefundId: string; succeededAt: string }>;
export type RefundFailed = Event<'RefundFailed', Ref & { paymentId: string; reason: string; code: string | null; failedAt: string }>;

export type RefundEvent =
  | RefundRequested
  | RefundApprovalRecorded
  | RefundApproved
  | RefundRejected
  | RefundSubmittedToBank
  | RefundAcceptedByBank
  | RefundSucceeded
  | RefundFailed;
