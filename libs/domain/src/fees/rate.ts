import { DomainError } from '../shared/messages';
import { divideHalfEven } from '../money';

/**
 * An exact non-negative rate as an integer fraction: "0.0038" is 38 / 10000. Rates are written as
 * decimal strings in schedules and never become floats, so 0.38 % of any amount is exact until the
 * single, stated rounding to the minor unit.
 */
export type Rate = Readonly<{ numerator: bigint; denominator: bigint }>;

const DECIMAL = /^(0|[1-9]\d*)(\.\d{1,12})?$/;

export function parseRate(text: string): Rate {
  if (!DECIMAL.test(text)) {
    throw new DomainError('invalid_rate', 'a rate is a decimal fraction with up to 12 decimals, e.g. "0.0038" for 0.38 %', { rate: text });
  }
  const [whole = '0', fraction = ''] = text.split('.');
  const rate = { numerator: BigInt(whole + fraction), denominator: 10n ** BigInt(fraction.length) };
  if (rate.numerator > rate.denominator) throw new DomainError('invalid_rate', 'a fee rate above 100 % is a typo, not a price', { rate: text });
  return rate;
}

export const ZERO_RATE: Rate = { numerator: 0n, denominator: 1n };

const gcd = (a: bigint, b: bigint): bigint => (b === 0n ? a : gcd(b, a % b));

/** The fraction in lowest terms, so equal rates compare equal. */
export function reduceRate(numerator: bigint, denominator: bigint): Rate {
  if (denominator <= 0n) throw new RangeError('a rate needs a positive denominator');
  const g = gcd(numerator < 0n ? -numerator : numerator, denominator);
  return g === 0n ? ZERO_RATE : { numerator: numerator / g, denominator: denominator / g };
}

/** rate × amount, rounded half to even to a whole minor unit: the only rounding a fee line gets. */
export function applyRate(rate: Rate, amountMinor: bigint): bigint {
  return divideHalfEven(amountMinor * rate.numerator, rate.denominator);
}

/** Shows a rate as a percentage with fixed decimals, rounded half to even: 119/5000 → "2.3800 %". */
export function formatPercent(rate: Rate, decimals = 4): string {
  const scaled = divideHalfEven(rate.numerator * 100n * 10n ** BigInt(decimals), rate.denominator);
  const negative = scaled < 0n;
  const digits = (negative ? -scaled : scaled).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction} %`;
}
