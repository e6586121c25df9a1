/**
 * ISO 4217 currencies the platform settles in, with their minor-unit exponents.
 * The exponent decides how a minor-unit integer is shown and how rates are rounded:
 * JPY has none, CNY two, BHD three.
 */
const EXPONENTS = {
  AED: 2, AUD: 2, BHD: 3, CAD: 2, CHF: 2, CNY: 2, CZK: 2, DKK: 2, EUR: 2, GBP: 2, HKD: 2,
  IDR: 2, INR: 2, ISK: 0, JOD: 3, JPY: 0, KRW: 0, KWD: 3, MOP: 2, MXN: 2, MYR: 2, NOK: 2,
  NZD: 2, OMR: 3, PHP: 2, PLN: 2, SAR: 2, SEK: 2, SGD: 2, THB: 2, TND: 3, TWD: 2, USD: 2,
  VND: 0, ZAR: 2,
} as const;

export type CurrencyCode = keyof typeof EXPONENTS;

export function isCurrencyCode(code: string): code is CurrencyCode {
  return Object.prototype.hasOwnProperty.call(EXPONENTS, code);
}

export function currencyExponent(code: CurrencyCode): number {
  return EXPONENTS[code];
}

export const SUPPORTED_CURRENCIES: readonly CurrencyCode[] = Object.keys(EXPONENTS) as CurrencyCode[];
