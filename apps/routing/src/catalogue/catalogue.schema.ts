import { z } from 'zod';
import { BANK_CHANNELS } from '@pl/bank-protocol';
import { METHOD_KINDS, PAYMENT_METHOD_TYPES, SUPPORTED_CURRENCIES } from '@pl/domain';

/**
 * The catalogue as written (JSON): money as digit strings in minor units of the currency it sits
 * under, rates as decimal strings. `parseCatalogue` turns it into exact values once, at start-up.
 */
const digits = z.string().regex(/^(0|[1-9]\d{0,17})$/, 'a string of digits in minor units, e.g. "12550"');
const rate = z.string().regex(/^(0|[1-9]\d*)(\.\d{1,12})?$/, 'a decimal rate, e.g. "0.0038" for 0.38 %');

const methodPricing = z.strictObject({
  rate,
  tiers: z.array(z.strictObject({ fromMonthlyVolumeMinor: digits, rate })).optional(),
});

const feesSchema = z.strictObject({
  methods: z.strictObject(Object.fromEntries(METHOD_KINDS.map((k) => [k, methodPricing.optional()])) as Record<(typeof METHOD_KINDS)[number], z.ZodOptional<typeof methodPricing>>),
  fixedFeeMinor: digits.optional(),
  minFeeMinor: digits.optional(),
  maxFeeMinor: digits.optional(),
  settlement: z.strictObject({ label: z.string().min(1), fixedFeeMinor: digits, rate: rate.optional() }).optional(),
  withdrawal: z.strictObject({ fixedFeeMinor: digits, rate: rate.optional(), minFeeMinor: digits.optional(), maxFeeMinor: digits.optional() }).optional(),
});

const currencyTerms = z
  .strictObject({
    currency: z.enum(SUPPORTED_CURRENCIES as [string, ...string[]]),
    minAmountMinor: digits,
    maxAmountMinor: digits,
    fees: feesSchema,
  })
  .refine((t) => BigInt(t.minAmountMinor) >= 1n, { message: 'minAmountMinor must be at least 1', path: ['minAmountMinor'] })
  .refine((t) => BigInt(t.minAmountMinor) <= BigInt(t.maxAmountMinor), { message: 'minAmountMinor exceeds maxAmountMinor', path: ['maxAmountMinor'] });

const unique = <T>(items: readonly T[]): boolean => new Set(items).size === items.length;

const channelSchema = z.strictObject({
  code: z.enum(BANK_CHANNELS),
  name: z.string().min(1),
  kind: z.enum(['bank', 'wallet']),
  methods: z.array(z.enum(PAYMENT_METHOD_TYPES)).min(1).refine(unique, 'methods must not repeat'),
  regions: z
    .array(z.string().regex(/^(\*|[A-Z]{2}-[A-Z0-9]{1,3})$/, 'an ISO 3166-2 code such as "CN-SH", or "*" for every region'))
    .min(1)
    .refine(unique, 'regions must not repeat'),
  /** Multiplies the score: 1 is neutral. Zero is not allowed: take a channel out with maintenance instead. */
  weight: z.number().positive().max(10),
  currencies: z
    .array(currencyTerms)
    .min(1)
    .refine((terms) => unique(terms.map((t) => t.currency)), 'a currency may appear once per channel'),
});

export const catalogueSchema = z.strictObject({
  channels: z
    .array(channelSchema)
    .min(1)
    .refine((channels) => unique(channels.map((c) => c.code)), 'channel codes must not repeat'),
});

export type CatalogueSpec = z.input<typeof catalogueSchema>;
