import { z } from 'zod';
import { isCurrencyCode, PAYMENT_METHOD_TYPES } from '@pl/domain';

/** A 13–19 digit run is what a full card number looks like; such values are refused, never stored. */
const FULL_PAN = /\d{13,19}/;
const noFullCardNumber = (value: string) => !FULL_PAN.test(value.replace(/[\s-]/g, ''));
const PAN_MESSAGE = 'must not contain a full card number: send a token and a masked reference';

const id = z.string().trim().min(1).max(128);

/**
 * POST /v1/payments. Strict: a field the API does not know is an error, never silently dropped.
 * Amounts are strings of digits in minor units of the currency (JPY 0 decimals, CNY 2, BHD 3).
 */
export const paymentRequestSchema = z.strictObject({
  amount: z.string().regex(/^[1-9]\d{0,17}$/, 'must be a positive whole number of minor units as a string of digits, e.g. "12550"'),
  currency: z.string().refine(isCurrencyCode, 'must be a supported ISO 4217 currency code, e.g. "CNY"'),
  payer: z.strictObject({ id }),
  payee: z.strictObject({ id }),
  method: z.strictObject({
    type: z.enum(PAYMENT_METHOD_TYPES),
    token: z.string().min(1).max(256).refine(noFullCardNumber, PAN_MESSAGE),
    masked: z.string().min(2).max(64).refine(noFullCardNumber, PAN_MESSAGE),
  }),
  orderReference: z.string().trim().min(1).max(128),
  metadata: z
    .record(z.string().min(1).max(40), z.string().max(500))
    .refine((m) => Object.keys(m).length <= 20, 'must have at most 20 keys')
    .optional(),
});

export type PaymentRequestBody = z.infer<typeof paymentRequestSchema>;

