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

/** Back along the original route: refunds name the bank's request id of the payment they return. */
export const RefundSubmissionSchema = z.strictObject({
  refundId: Id,
  bankRequestId: Id,
  idempotencyKey: Id,
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
});
export type RefundSubmission = z.infer<typeof RefundSubmissionSchema>;

export const RefundSubmissionAnswerSchema = z.discriminatedUnion('outcome', [
  z.strictObject({ outcome: z.literal('accepted'), bankRefundId: Id }),
  z.strictObject({ outcome: z.literal('declined'), code: Id }),
]);
export type RefundSubmissionAnswer = z.infer<typeof RefundSubmissionAnswerSchema>;

export const RefundStatusAnswerSchema = z.strictObject({
  bankRefundId: Id,
  refundId: Id,
  bankRequestId: Id,
  status: z.enum(['pending', 'succeeded', 'failed']),
  amountMinor: AmountMinorSchema,
  currency: CurrencySchema,
});
export type RefundStatusAnswer = z.infer<typeof RefundStatusAnswerSchema>;

/** Decline codes the sandbox uses; real banks have more, connectors must treat unknown codes as declines. */
export const DECLINE_CODES = {
  limitExceeded: 'limit_exceeded',
  doNotHonor: 'do_not_honor',
  refundExceedsRemaining: 'refund_exceeds_remaining',
  refundNotAllowed: 'refund_not_allowed',
  currencyMismatch: 'currency_mismatch',
  unknownPayment: 'unknown_payment',
} as const;
