import type { Command, Event } from '../shared/messages';
import type { CurrencyCode } from '../money';

/**
 * Refund reservations live on the payment stream: every refund of a payment is decided against
 * the same stream revision, so two concurrent reservations cannot both see room that only one
 * of them fits in (the second append fails on the expected revision, re-reads and decides again).
 */

/**
 * What a channel does with its fee when a payment is refunded: `kept` (the default: the merchant bears
 * the whole fee, as on the original payment) or `pro-rata` (the channel returns the share of its fee
 * that the refund is of the payment, rounded half to even on the running total, so the returns of
 * several partial refunds add up to the fee of their sum and never exceed it).
 */
export type FeeOnRefund = 'kept' | 'pro-rata';

/** The channel's refund rules, passed in by the service that knows the channel catalogue. */
export type RefundChannelPolicy = Readonly<{ singleRefundOnly: boolean; windowMs: number; feeOnRefund?: FeeOnRefund }>;

type Ref = { paymentId: string; refundId: string };

export type ReserveRefund = Command<
  'ReserveRefund',
  Ref & { amountMinor: bigint; requestedAt: string; policy: RefundChannelPolicy }
>;
/** The refund will not happen (rejected, bank failed): its amount is refundable again. */
export type ReleaseRefund = Command<'ReleaseRefund', Ref & { reason: string; releasedAt: string }>;
/** The bank paid the refund back: the reservation becomes a refunded amount for good. */
export type CompleteRefund = Command<'CompleteRefund', Ref & { bankRefundId: string; refundedAt: string }>;

export type RefundReservationCommand = ReserveRefund | ReleaseRefund | CompleteRefund;

/** `feeOnRefund` is present only for a channel that returns its fee (absent: the fee is kept). */
export type PaymentRefundReserved = Event<
  'PaymentRefundReserved',
  Ref & { amountMinor: string; currency: CurrencyCode; channel: string; reservedAt: string; feeOnRefund?: 'pro-rata' }
>;
export type PaymentRefundReleased = Event<
  'PaymentRefundReleased',
  Ref & { amountMinor: string; currency: CurrencyCode; reason: string; releasedAt: string }
>;
/**
 * Carries amount, channel and payee (and the fee the channel gave back, when it returns fees) so the
 * ledger can post it from this event alone.
 */
export type PaymentRefunded = Event<
  'PaymentRefunded',
  Ref & { amountMinor: string; currency: CurrencyCode; channel: string; payeeId: string; bankRefundId: string; refundedAt: string; feeReturnedMinor?: string }
>;

export type RefundReservationEvent = PaymentRefundReserved | PaymentRefundReleased | PaymentRefunded;
