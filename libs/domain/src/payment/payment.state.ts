import type { Money } from '../money';
import type { PaymentMethod, RiskDecision, RiskReason } from './payment.messages';

/** What the request established: every status after it still knows this. */
type Requested = Readonly<{
  paymentId: string;
  amount: Money;
  payerId: string;
  payeeId: string;
  method: PaymentMethod;
  orderReference: string;
  idempotencyKey: string;
  requestedAt: string;
}>;

export type RiskAssessment = Readonly<{ decision: RiskDecision; score: number; reasons: readonly RiskReason[]; assessedAt: string }>;
export type Route = Readonly<{ channel: string; quotedFee: Money; why: readonly string[]; routedAt: string; attempt: number }>;
export type Submission = Readonly<{ channel: string; attempt: number; bankRequestId: string; submittedAt: string }>;
export type Authorization = Readonly<{ bankReference: string; authorizedAt: string }>;
export type Settlement = Readonly<{ settledAmount: Money; fee: Money; settledAt: string }>;
/** One refund's share of the captured amount: reserved until the bank pays it or it is released. */
export type RefundReservation = Readonly<{ refundId: string; amountMinor: bigint; status: 'reserved' | 'refunded' | 'released'; bankRefundId?: string; feeOnRefund?: 'pro-rata' }>;
/** Refund bookkeeping of a settled payment; reserved + refunded never exceeds the captured amount. */
export type RefundBook = Readonly<{ reservations: readonly RefundReservation[]; reservedMinor: bigint; refundedMinor: bigint }>;
export const EMPTY_REFUND_BOOK: RefundBook = { reservations: [], reservedMinor: 0n, refundedMinor: 0n };

export type Decline = Readonly<{ reason: string; code: string; declinedAt: string }>;
export type Failure = Readonly<{ attempt: number; reason: string; failedAt: string }>;

type Assessed = Requested & Readonly<{ risk: RiskAssessment }>;
type Routed = Assessed & Readonly<{ route: Route }>;
type Submitted = Routed & Readonly<{ submission: Submission }>;
type Authorized = Submitted & Readonly<{ authorization: Authorization }>;

/**
 * The payment's state is a union keyed by status: each status carries exactly what it knows.
 * `under_review` covers both 'challenge' (step-up verification) and 'review' (a person decides):
 * either way a later assessment settles it. `failed` is one attempt's technical failure and can be
 * rerouted; the terminal statuses are rejected, settled, declined and expired.
 */
export type PaymentState =
  | Readonly<{ status: 'none' }>
  | (Readonly<{ status: 'requested' }> & Requested)
  | (Readonly<{ status: 'under_review' }> & Assessed)
  | (Readonly<{ status: 'rejected' }> & Assessed)
  | (Readonly<{ status: 'approved' }> & Assessed)
  | (Readonly<{ status: 'routed' }> & Routed)
  | (Readonly<{ status: 'submitted' }> & Submitted)
  | (Readonly<{ status: 'failed'; failure: Failure; submission: Submission | null }> & Routed)
  | (Readonly<{ status: 'authorized' }> & Authorized)
  | (Readonly<{ status: 'settled'; settlement: Settlement; refunds: RefundBook }> & Authorized)
  | (Readonly<{ status: 'declined'; decline: Decline }> & Submitted)
  | (Readonly<{ status: 'expired'; expiredAt: string; expiredFrom: PaymentStatus }> & Requested);

export type PaymentStatus =
  | 'none'
  | 'requested'
  | 'under_review'
  | 'rejected'
  | 'approved'
  | 'routed'
  | 'submitted'
  | 'failed'
  | 'authorized'
  | 'settled'
  | 'declined'
  | 'expired';

export const TERMINAL_STATUSES: readonly PaymentStatus[] = ['rejected', 'settled', 'declined', 'expired'];

export const isTerminal = (state: PaymentState): boolean => TERMINAL_STATUSES.includes(state.status);
