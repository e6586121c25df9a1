import { DomainError } from '../shared/messages';
import { type CurrencyCode, currencyExponent, isCurrencyCode } from './currency';

/** An amount in integer minor units of one currency. Never a float. */
export type Money = Readonly<{ amountMinor: bigint; currency: CurrencyCode }>;

/** The largest amount accepted for one payment: 10^15 minor units, far above any bank's limit. */
export const MAX_AMOUNT_MINOR = 10n ** 15n;

const DIGITS = /^(0|[1-9]\d{0,17})$/;

/** Parses a wire amount: a string of decimal digits, no sign, no fraction, no leading zeros. */
export function parseAmountMinor(text: string): bigint {
  if (!DIGITS.test(text)) {
    throw new DomainError('invalid_amount', 'amount must be a string of digits in minor units, e.g. "12550"', { amount: text });
  }
  return BigInt(text);
}

export function money(amountMinor: bigint, currency: string): Money {
  if (!isCurrencyCode(currency)) {
    throw new DomainError('unsupported_currency', `currency ${currency} is not a supported ISO 4217 code`, { currency });
  }
  if (amountMinor < 0n) throw new DomainError('invalid_amount', 'amount must not be negative');
  return { amountMinor, currency };
}

/** Shows an amount in major units with the currency's exponent, e.g. 12550n CNY → "125.50". */
export function formatMajor(m: Money): string {
  const exponent = currencyExponent(m.currency);
  const negative = m.amountMinor < 0n;
  const digits = (negative ? -m.amountMinor : m.amountMinor).toString().padStart(exponent + 1, '0');
  const whole = digits.slice(0, digits.length - exponent);
  const fraction = exponent > 0 ? `.${digits.slice(digits.length - exponent)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/**
 * Integer division rounded half to even (banker's rounding), the rounding the ledger states for
 * every fee and conversion: 0.5 of a minor unit goes to the even neighbour.
 */
export function divideHalfEven(numerator: bigint, denominator: bigint): bigint {
  if (denominator === 0n) throw new RangeError('division by zero');
  if (denominator < 0n) return divideHalfEven(-numerator, -denominator);
  const negative = numerator < 0n;
  const n = negative ? -numerator : numerator;
  let quotient = n / denominator;
  const twiceRemainder = (n % denominator) * 2n;
  if (twiceRemainder > denominator || (twiceRemainder === denominator && quotient % 2n === 1n)) quotient += 1n;
  return negative ? -quotient : quotient;
}
