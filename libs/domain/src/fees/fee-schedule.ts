import { DomainError } from '../shared/messages';
import { type CurrencyCode, isCurrencyCode, parseAmountMinor } from '../money';
import { parseRate, type Rate } from './rate';

/** What the payer pays with decides the rate: debit and credit cards are priced differently. */
export const METHOD_KINDS = ['debit_card', 'credit_card', 'wallet', 'qr', 'bank_transfer'] as const;
export type MethodKind = (typeof METHOD_KINDS)[number];

/**
 * A channel's fee schedule as configured (JSON: rates as decimal strings, money as digit strings
 * in minor units of the schedule's currency). `parseFeeSchedule` turns it into exact values once.
 */
export type FeeScheduleSpec = Readonly<{
  channel: string;
  currency: string;
  methods: Readonly<Partial<Record<MethodKind, Readonly<{ rate: string; tiers?: readonly Readonly<{ fromMonthlyVolumeMinor: string; rate: string }>[] }>>>>;
  fixedFeeMinor?: string;
  minFeeMinor?: string;
  maxFeeMinor?: string;
  /** An optional faster payout, e.g. instant (T+0) settlement for 2 CNY a transaction. */
  settlement?: Readonly<{ label: string; fixedFeeMinor: string; rate?: string }>;
  withdrawal?: Readonly<{ fixedFeeMinor: string; rate?: string; minFeeMinor?: string; maxFeeMinor?: string }>;
}>;

export type VolumeTier = Readonly<{ fromMonthlyVolumeMinor: bigint; rate: Rate }>;
export type MethodPricing = Readonly<{ base: Rate; tiers: readonly VolumeTier[] }>;
export type FeeCaps = Readonly<{ minFeeMinor: bigint | null; maxFeeMinor: bigint | null }>;

export type FeeSchedule = Readonly<{
  channel: string;
  currency: CurrencyCode;
  methods: Readonly<Partial<Record<MethodKind, MethodPricing>>>;
  fixedFeeMinor: bigint;
  caps: FeeCaps;
  settlement: Readonly<{ label: string; fixedFeeMinor: bigint; rate: Rate | null }> | null;
  withdrawal: Readonly<{ fixedFeeMinor: bigint; rate: Rate | null; caps: FeeCaps }> | null;
}>;

const optionalAmount = (text: string | undefined): bigint | null => (text === undefined ? null : parseAmountMinor(text));

function parseCaps(min: string | undefined, max: string | undefined): FeeCaps {
  const caps = { minFeeMinor: optionalAmount(min), maxFeeMinor: optionalAmount(max) };
  if (caps.minFeeMinor !== null && caps.maxFeeMinor !== null && caps.minFeeMinor > caps.maxFeeMinor) {
    throw new DomainError('invalid_fee_schedule', 'the minimum fee exceeds the maximum fee', { min: String(min), max: String(max) });
  }
  return caps;
}

function parseMethod(spec: NonNullable<FeeScheduleSpec['methods'][MethodKind]>): MethodPricing {
  const tiers = (spec.tiers ?? []).map((t) => ({ fromMonthlyVolumeMinor: parseAmountMinor(t.fromMonthlyVolumeMinor), rate: parseRate(t.rate) }));
  // Sorted ascending so the applicable tier is the last one whose band has started.
  tiers.sort((a, b) => (a.fromMonthlyVolumeMinor < b.fromMonthlyVolumeMinor ? -1 : a.fromMonthlyVolumeMinor > b.fromMonthlyVolumeMinor ? 1 : 0));
  return { base: parseRate(spec.rate), tiers };
}

export function parseFeeSchedule(spec: FeeScheduleSpec): FeeSchedule {
  if (!isCurrencyCode(spec.currency)) {
    throw new DomainError('unsupported_currency', `currency ${spec.currency} is not a supported ISO 4217 code`, { currency: spec.currency });
  }
  const methods: Partial<Record<MethodKind, MethodPricing>> = {};
  for (const kind of METHOD_KINDS) {
    const m = spec.methods[kind];
    if (m) methods[kind] = parseMethod(m);
  }
  const s = spec.settlement;
  const w = spec.withdrawal;
  return {
    channel: spec.channel,
    currency: spec.currency,
    methods,
    fixedFeeMinor: optionalAmount(spec.fixedFeeMinor) ?? 0n,
    caps: parseCaps(spec.minFeeMinor, spec.maxFeeMinor),
    settlement: s ? { label: s.label, fixedFeeMinor: parseAmountMinor(s.fixedFeeMinor), rate: s.rate ? parseRate(s.rate) : null } : null,
    withdrawal: w
      ? { fixedFeeMinor: parseAmountMinor(w.fixedFeeMinor), rate: w.rate ? parseRate(w.rate) : null, caps: parseCaps(w.minFeeMinor, w.maxFeeMinor) }
      : null,
  };
}
