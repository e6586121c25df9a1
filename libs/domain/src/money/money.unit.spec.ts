import { divideHalfEven, formatMajor, money, parseAmountMinor, currencyExponent } from '@pl/domain';

describe('money', () => {
  it('uses each currency’s ISO 4217 exponent', () => {
    expect(currencyExponent('JPY')).toBe(0);
    expect(currencyExponent('CNY')).toBe(2);
    expect(currencyExponent('BHD')).toBe(3);
  });

  it('formats minor units in major units', () => {
    expect(formatMajor(money(12550n, 'CNY'))).toBe('125.50');
    expect(formatMajor(money(5n, 'CNY'))).toBe('0.05');
    expect(formatMajor(money(1000n, 'JPY'))).toBe('1000');
    expect(formatMajor(money(1234n, 'BHD'))).toBe('1.234');
  });

  it.each(['', '-1', '1.5', '01', ' 1', '1e3', '9'.repeat(19)])('rejects the wire amount %p', (text) => {
    expect(() => parseAmountMinor(text)).toThrow(/digits/);
  });

  it('parses amounts beyond 2^53 without loss', () => {
    expect(parseAmountMinor('900719925474099312')).toBe(900719925474099312n);
  });

  it('rejects unknown currencies', () => {
    expect(() => money(1n, 'XXX')).toThrow(/not a supported/);
  });

  it.each([
    [5n, 2n, 2n], // 2.5 → 2 (even)
    [7n, 2n, 4n], // 3.5 → 4 (even)
    [1n, 3n, 0n],
    [2n, 3n, 1n],
    [-5n, 2n, -2n],
    [-7n, 2n, -4n],
    [25n, 10n, 2n],
    [35n, 10n, 4n],
    [251n, 100n, 3n],
  ])('divides %p / %p half-even to %p', (n, d, expected) => {
    expect(divideHalfEven(n, d)).toBe(expected);
  });
});
