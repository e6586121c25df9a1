import { z } from 'zod';
import { METHOD_KINDS, PAYMENT_METHOD_TYPES, SUPPORTED_CURRENCIES } from '@pl/domain';

const positiveDigits = z.string().regex(/^[1-9]\d{0,17}$/, 'a positive amount in minor units, e.g. "10000"');

/**
 * GET /v1/channels: the reference payment for the effective rates. `method` is a fee method kind, or
 * a payment method type as the payment API names it (card = credit card unless funding=debit,
 * bank_account = bank transfer). Without it, every priced method of the channel is shown.
 */
export const channelsQuerySchema = z.strictObject({
  amount: positiveDigits.default('10000'),
  currency: z.enum(SUPPORTED_CURRENCIES as [string, ...string[]]).default('CNY'),
  method: z.enum([...METHOD_KINDS, 'card', 'bank_account']).optional(),
  funding: z.enum(['debit', 'credit']).optional(),
});
export type ChannelsQuery = z.output<typeof channelsQuerySchema>;

export const maintenanceBodySchema = z.strictObject({ reason: z.string().trim().min(1, 'say why').max(500) });
export type MaintenanceBody = z.output<typeof maintenanceBodySchema>;

export const quoteBodySchema = z.strictObject({
  amount: positiveDigits,
  currency: z.enum(SUPPORTED_CURRENCIES as [string, ...string[]]),
  method: z.strictObject({ type: z.enum(PAYMENT_METHOD_TYPES) }),
  metadata: z.record(z.string(), z.string().max(200)).optional(),
  tried: z.array(z.string()).max(20).optional(),
});
export type QuoteBody = z.output<typeof quoteBodySchema>;
