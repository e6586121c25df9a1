import { money, quoteFee, type FeeQuote } from '@pl/domain';
import { brief } from './fees.fixtures';

const cny = (minor: bigint) => money(minor, 'CNY');
const addsUp = (q: FeeQuote) => expect(q.breakdown.reduce((s, l) => s + l.amountMinor, 0n)).toBe(q.feeMinor);

describe('quoteFee with the brief’s rates', () => {
  it.each([
    ['debit_card', 50n],
    ['credit_card', 100n],
    ['wallet', 38n],
    ['qr', 38n],
  ] as const)('charges %s on 100.00 CNY %p fen', (methodKind, fee) => {
    const quote = quoteFee(brief, { amount: cny(10000n), methodKind });
    expect(quote.feeMinor).toBe(fee);
    addsUp(quote);
  });

  it('adds 2 CNY for instant settlement as a line of its own', () => {
    const quote = quoteFee(brief, { amount: cny(10000n), methodKind: 'wallet', instantSettlement: true });
    expect(quote.feeMinor).toBe(238n);
    expect(quote.breakdown.map((l) => [l.kind, l.amountMinor])).toEqual([
      ['percentage', 38n],
      ['settlement', 200n],
    ]);
    expect(quote.breakdown[0]?.detail).toBe('0.3800 % of 100.00 CNY (wallet)');
  });

  it('refuses an amount in another currency', () => {
    expect(() => quoteFee(brief, { amount: money(10000n, 'USD'), methodKind: 'wallet' })).toThrow(expect.objectContaining({ code: 'fee_currency_mismatch' }));
  });

  it('refuses a method the channel does not price', () => {
    expect(() => quoteFee(brief, { amount: cny(10000n), methodKind: 'bank_transfer' })).toThrow(expect.objectContaining({ code: 'method_not_priced' }));
  });
});

describe('rounding is half to even, to the minor unit', () => {
  it.each([
    [2500n, 10n], // 9.5 fen → 10 (even)
    [7500n, 28n], // 28.5 fen → 28 (even)
    [2501n, 10n], // 9.5038 → 10
    [7499n, 28n], // 28.4962 → 28
  ])('wallet 0.38 %% of %p fen CNY is %p fen', (amount, fee) => {
    expect(quoteFee(brief, { amount: cny(amount), methodKind: 'wallet' }).feeMinor).toBe(fee);
  });

  it.each([
    [100n, 0n], // 0.5 fen → 0
    [300n, 2n], // 1.5 fen → 2
    [500n, 2n], // 2.5 fen → 2
  ])('debit 0.5 %% of %p fen CNY is %p fen', (amount, fee) => {
    expect(quoteFee(brief, { amount: cny(amount), methodKind: 'debit_card' }).feeMinor).toBe(fee);
  });
});
