import { DomainError } from '../shared/messages';
import { formatMajor, type Money } from '../money';
import type { FeeCaps, FeeSchedule, MethodKind } from './fee-schedule';
import { applyRate, formatPercent, type Rate } from './rate';

export type FeeLineKind = 'percentage' | 'fixed' | 'minimum' | 'maximum' | 'settlement' | 'withdrawal';

/** One line of a quote. A cap is a line of its own (positive for a minimum, negative for a maximum). */
export type FeeLine = Readonly<{ kind: FeeLineKind; amountMinor: bigint; detail: string }>;

export type FeeQuote = Readonly<{ feeMinor: bigint; breakdown: readonly FeeLine[] }>;

export type FeeRequest = Readonly<{
  amount: Money;
  methodKind: MethodKind;
  /** Volume already processed this month in the schedule's currency; picks the tier. Absent: base rate. */
  monthlyVolumeMinor?: bigint;
  /** Ask for the schedule's optional settlement service (e.g. instant payout). */
  instantSettlement?: boolean;
}>;

function requireCurrency(schedule: FeeSchedule, amount: Money): void {
  if (amount.currency !== schedule.currency) {
    throw new DomainError('fee_currency_mismatch', `channel ${schedule.channel} prices ${schedule.currency}, not ${amount.currency}`, {
      channel: schedule.channel,
      currency: amount.currency,
    });
  }
}

/** The rate of the highest volume band the month has reached; a tier prices the whole transaction. */
export function rateFor(schedule: FeeSchedule, methodKind: MethodKind, monthlyVolumeMinor?: bigint): Rate {
  const pricing = schedule.methods[methodKind];
  if (!pricing) {
    throw new DomainError('method_not_priced', `channel ${schedule.channel} has no price for ${methodKind}`, { channel: schedule.channel, methodKind });
  }
  if (monthlyVolumeMinor === undefined) return pricing.base;
  let rate = pricing.base;
  for (const tier of pricing.tiers) if (tier.fromMonthlyVolumeMinor <= monthlyVolumeMinor) rate = tier.rate;
  return rate;
}

/** Keeps `fee` within the caps, saying so in a line of its own. */
function capLines(fee: bigint, caps: FeeCaps, m: (n: bigint) => string): FeeLine[] {
  if (caps.minFeeMinor !== null && fee < caps.minFeeMinor) {
    return [{ kind: 'minimum', amountMinor: caps.minFeeMinor - fee, detail: `raised to the minimum fee ${m(caps.minFeeMinor)}` }];
  }
  if (caps.maxFeeMinor !== null && fee > caps.maxFeeMinor) {
    return [{ kind: 'maximum', amountMinor: caps.maxFeeMinor - fee, detail: `lowered to the maximum fee ${m(caps.maxFeeMinor)}` }];
  }
  return [];
}

const sum = (lines: readonly FeeLine[]): bigint => lines.reduce((total, l) => total + l.amountMinor, 0n);

/**
 * The fee a channel charges for one payment, exactly. Rounding: each rate-based line is rounded
 * once, half to even, to a whole minor unit of the currency (`divideHalfEven`, via `applyRate`);
 * fixed fees and caps are whole minor units already. The fee is the sum of the lines, so a
 * breakdown always adds up to the fee it explains.
 * The min/max caps bound the processing fee (rate + fixed); an optional settlement service is on top.
 */
export function quoteFee(schedule: FeeSchedule, request: FeeRequest): FeeQuote {
  const { amount } = request;
  requireCurrency(schedule, amount);
  const m = (n: bigint): string => `${formatMajor({ amountMinor: n, currency: amount.currency })} ${amount.currency}`;
  const rate = rateFor(schedule, request.methodKind, request.monthlyVolumeMinor);
  const lines: FeeLine[] = [
    { kind: 'percentage', amountMinor: applyRate(rate, amount.amountMinor), detail: `${formatPercent(rate)} of ${m(amount.amountMinor)} (${request.methodKind})` },
  ];
  if (schedule.fixedFeeMinor > 0n) lines.push({ kind: 'fixed', amountMinor: schedule.fixedFeeMinor, detail: `fixed ${m(schedule.fixedFeeMinor)} per transaction` });
  lines.push(...capLines(sum(lines), schedule.caps, m));
  if (request.instantSettlement) {
    const s = schedule.settlement;
    if (!s) throw new DomainError('settlement_not_offered', `channel ${schedule.channel} offers no instant settlement`, { channel: schedule.channel });
    const variable = s.rate ? applyRate(s.rate, amount.amountMinor) : 0n;
    const detail = s.rate ? `${s.label}: ${m(s.fixedFeeMinor)} + ${formatPercent(s.rate)}` : `${s.label}: ${m(s.fixedFeeMinor)}`;
    lines.push({ kind: 'settlement', amountMinor: s.fixedFeeMinor + variable, detail });
  }
  return { feeMinor: sum(lines), breakdown: lines };
}

/** The fee for withdrawing `amount` from the channel's account to the merchant's bank, same rounding. */
export function quoteWithdrawalFee(schedule: FeeSchedule, amount: Money): FeeQuote {
  requireCurrency(schedule, amount);
  const w = schedule.withdrawal;
  if (!w) return { feeMinor: 0n, breakdown: [] };
  const m = (n: bigint): string => `${formatMajor({ amountMinor: n, currency: amount.currency })} ${amount.currency}`;
  const variable = w.rate ? applyRate(w.rate, amount.amountMinor) : 0n;
  const detail = w.rate ? `withdrawal: ${m(w.fixedFeeMinor)} + ${formatPercent(w.rate)} of ${m(amount.amountMinor)}` : `withdrawal: ${m(w.fixedFeeMinor)}`;
  const lines: FeeLine[] = [{ kind: 'withdrawal', amountMinor: w.fixedFeeMinor + variable, detail }];
  lines.push(...capLines(sum(lines), w.caps, m));
  return { feeMinor: sum(lines), breakdown: lines };
}
