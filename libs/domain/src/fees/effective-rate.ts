import { DomainError } from '../shared/messages';
import type { Money } from '../money';
import type { FeeSchedule } from './fee-schedule';
import { quoteFee, type FeeQuote, type FeeRequest } from './quote-fee';
import { formatPercent, reduceRate, type Rate } from './rate';

export type EffectiveRate = Readonly<{ rate: Rate; display: string; quote: FeeQuote }>;

/**
 * The real all-in rate of one payment: the fee actually charged (after rounding, fixed fees, caps
 * and any settlement service) over the amount, as an exact fraction in lowest terms. This, not the
 * advertised rate, is what routing compares: a 2 CNY fixed fee turns a 0.38 % wallet rate into
 * 2.38 % on 100 CNY, and still doubles it at 526.32 CNY.
 */
export function effectiveRate(schedule: FeeSchedule, amount: Money, options: Omit<FeeRequest, 'amount'>): EffectiveRate {
  if (amount.amountMinor <= 0n) throw new DomainError('invalid_amount', 'an effective rate needs a positive amount');
  const quote = quoteFee(schedule, { ...options, amount });
  const rate = reduceRate(quote.feeMinor, amount.amountMinor);
  return { rate, display: formatPercent(rate), quote };
}
