import { formatPercent, parseRate, reduceRate } from '@pl/domain';

describe('rates are exact decimal fractions', () => {
  it.each([
    ['0.0038', 38n, 10000n],
    ['0.005', 5n, 1000n],
    ['0.01', 1n, 100n],
    ['1', 1n, 1n],
    ['0', 0n, 1n],
    ['0.000000000001', 1n, 10n ** 12n],
  ])('parses %p as %p / %p', (text, numerator, denominator) => {
    expect(parseRate(text)).toEqual({ numerator, denominator });
  });

  it.each(['', '.5', '-0.01', '0.38%', '1e-3', '0.0000000000001', '1.5', ' 0.01'])('refuses %p', (text) => {
    expect(() => parseRate(text)).toThrow(expect.objectContaining({ code: 'invalid_rate' }));
  });

  it('reduces to lowest terms so equal rates compare equal', () => {
    expect(reduceRate(50n, 10000n)).toEqual({ numerator: 1n, denominator: 200n });
    expect(reduceRate(0n, 123n)).toEqual({ numerator: 0n, denominator: 1n });
  });

  it.each([
    [{ numerator: 38n, denominator: 10000n }, '0.3800 %'],
    [{ numerator: 119n, denominator: 5000n }, '2.3800 %'],
    [{ numerator: 1n, denominator: 3n }, '33.3333 %'],
    [{ numerator: 2n, denominator: 3n }, '66.6667 %'],
    [{ numerator: 5n, denominator: 10n ** 7n }, '0.0000 %'], // 0.00005 % rounds half to even: down
    [{ numerator: 15n, denominator: 10n ** 7n }, '0.0002 %'], // 0.00015 % rounds half to even: up
  ])('shows %p as %p', (rate, display) => {
    expect(formatPercent(rate)).toBe(display);
  });
});
