import { z } from 'zod';

/** Every channel the sandbox plays and the connectors speak to: eight banks and three wallets. */
export const BANK_CHANNELS = ['ICBC', 'CCB', 'ABC', 'BOC', 'BOCOM', 'CMB', 'SPDB', 'CITIC', 'WECHAT_PAY', 'ALIPAY', 'UNIONPAY'] as const;
export const BankChannelSchema = z.enum(BANK_CHANNELS);
export type BankChannel = z.infer<typeof BankChannelSchema>;

/**
 * Money on the wire is a digit string of minor units: JSON numbers lose precision above 2^53 and
 * invite float arithmetic. No sign, no leading zeros, no decimal point.
 */
export const AmountMinorSchema = z.string().regex(/^[1-9][0-9]{0,30}$/, 'a positive amount in minor units as a digit string');
export const CurrencySchema = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code');
const Id = z.string().min(1).max(128);

/** Our connector → bank: charge this payment. The idempotency key makes retries safe. */
export const PaymentSubmissionSchema = z.strictObject({
  paymentId: Id,
  idempotencyKey: Id,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  /** A token for the card/account, never the card number itself. */
  methodToken: Id,
  /** Where the bank posts the signed asynchronous outcome. */
  callbackUrl: z.url({ protocol: /^https?$/ }),
});
export type PaymentSubmission = z.infer<typeof PaymentSubmissionSchema>;

/** The bank's synchronous answer: it took the request (outcome follows by callback) or refused it at once. */
export const PaymentSubmissionAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('accepted'), bankRequestId: Id }),
  z.strictObject({ outcome: z.literal('declined'), code: Id }),
]);
export type PaymentSubmissionAnswer = z.infer<typeof PaymentSubmissionAnswerSchema>;

export const PAYMENT_OUTCOMES = ['authorized', 'declined', 'failed'] as const;
export type PaymentOutcome = (typeof PAYMENT_OUTCOMES)[number];

/** Bank → our callback URL, signed. Duplicates of one notification carry the same callbackId. */
export const PaymentCallbackSchema = z.strictObject({
  callbackId: Id,
  bankRequestId: Id,
  /**
   * Our order number (the submission's idempotency key), echoed like a real bank's `out_trade_no`:
   * it tells the receiver which attempt of the payment the outcome belongs to.
   */
  merchantOrderNo: Id,
  paymentId: Id,
  status: z.enum(PAYMENT_OUTCOMES),
  bankReference: Id,
  occurredAt: z.iso.datetime(),
});
export type PaymentCallback = z.infer<typeof PaymentCallbackSchema>;

/** What the bank knows when asked (the active status query after a late or lost callback). */
export const PaymentStatusAnswerSchema = z.strictObject({
  bankRequestId: Id,
  paymentId: Id,
  status: z.enum(['pending', ...PAYMENT_OUTCOMES]),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  /** Total refunded so far ("0" when none). */
  refundedMinor: z.string().regex(/^(0|[1-9][0-9]{0,30})$/),
  bankReference: z.union([Id, z.null()]),
});
export type PaymentStatusAnswer = z.infer<typeof PaymentStatusAnswerSchema>;

/**
 * The status query by OUR order number (the submission's idempotency key), like a real bank's
 * "query by out_trade_no": it answers even when the submission's answer never reached us. A sync
 * decline is known (`declined`, with its code, no bank request id); a request the bank never recorded
 * is a 404, which is what makes it safe to fail the attempt and reroute.
 */
export const PaymentOrderStatusSchema = z.strictObject({
  merchantOrderNo: Id,
  paymentId: Id,
  bankRequestId: z.union([Id, z.null()]),
  status: z.enum(['pending', ...PAYMENT_OUTCOMES]),
  declineCode: z.union([Id, z.null()]),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  bankReference: z.union([Id, z.null()]),
});
export type PaymentOrderStatus = z.infer<typeof PaymentOrderStatusSchema>;

/**
 * Back along the original route: a refund names the original payment by OUR order number for it
 * (like a real bank's refund by `out_trade_no`), so no bank id has to be looked up first. The
 * idempotency key is our refund order number: every retry of one refund is the same refund.
 */
export const RefundSubmissionSchema = z.strictObject({
  refundId: Id,
  merchantOrderNo: Id,
  idempotencyKey: Id,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
  /** Where the bank posts the signed outcome of the refund. */
  callbackUrl: z.url({ protocol: /^https?$/ }),
});
export type RefundSubmission = z.infer<typeof RefundSubmissionSchema>;

/** Accepted: the bank has the refund (outcome follows by callback); declined: it will not do it. */
export const RefundSubmissionAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('accepted'), bankRefundId: Id }),
  z.strictObject({ outcome: z.literal('declined'), code: Id }),
]);
export type RefundSubmissionAnswer = z.infer<typeof RefundSubmissionAnswerSchema>;

export const REFUND_OUTCOMES = ['succeeded', 'failed'] as const;

/** Bank → our refund callback URL, signed. Duplicates of one notification carry the same callbackId. */
export const RefundCallbackSchema = z.strictObject({
  callbackId: Id,
  bankRefundId: Id,
  /** Our refund order number (the refund's idempotency key), echoed back. */
  merchantRefundNo: Id,
  refundId: Id,
  status: z.enum(REFUND_OUTCOMES),
  occurredAt: z.iso.datetime(),
});
export type RefundCallback = z.infer<typeof RefundCallbackSchema>;

/** The refund by the bank's own id (kept for banks' back offices; the connectors ask by order number). */
export const RefundStatusAnswerSchema = z.strictObject({
  bankRefundId: Id,
  refundId: Id,
  merchantOrderNo: Id,
  status: z.enum(['pending', ...REFUND_OUTCOMES]),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
});
export type RefundStatusAnswer = z.infer<typeof RefundStatusAnswerSchema>;

/**
 * The status query by OUR refund order number: it recovers the bank's refund id when the answer to
 * the submission never reached us. A declined refund is remembered (with its code); 404 means the
 * bank never recorded the request, so nothing can have been paid back.
 */
export const RefundOrderStatusSchema = z.strictObject({
  merchantRefundNo: Id,
  refundId: Id,
  bankRefundId: z.union([Id, z.null()]),
  status: z.enum(['pending', 'declined', ...REFUND_OUTCOMES]),
  declineCode: z.union([Id, z.null()]),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
});
export type RefundOrderStatus = z.infer<typeof RefundOrderStatusSchema>;

/** Decline codes the sandbox uses; real banks have more, connectors must treat unknown codes as declines. */
export const DECLINE_CODES = {
  limitExceeded: 'limit_exceeded',
  doNotHonor: 'do_not_honor',
  refundExceedsRemaining: 'refund_exceeds_remaining',
  refundNotAllowed: 'refund_not_allowed',
  currencyMismatch: 'currency_mismatch',
  unknownPayment: 'unknown_payment',
} as const;
