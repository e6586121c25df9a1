import { effectiveRate, money, parseFeeSchedule } from '@pl/domain';
import { brief } from './fees.fixtures';

const cny = (minor: bigint) => money(minor, 'CNY');

describe('the effective, all-in rate', () => {
  it('equals the advertised rate when there is no fixed fee', () => {
    const r = effectiveRate(brief, cny(10000n), { methodKind: 'wallet' });
    expect(r.rate).toEqual({ numerator: 19n, denominator: 5000n });
    expect(r.display).toBe('0.3800 %');
  });

  it('shows 2 CNY instant settlement turning 0.38 % into 2.38 % on a 100 CNY payment', () => {
    const r = effectiveRate(brief, cny(10000n), { methodKind: 'wallet', instantSettlement: true });
    expect(r.rate).toEqual({ numerator: 119n, denominator: 5000n });
    expect(r.display).toBe('2.3800 %');
  });

  it('shows the same fixed fee still doubling the wallet rate at 526.32 CNY', () => {
    const advertised = effectiveRate(brief, cny(52632n), { methodKind: 'wallet' });
    const allIn = effectiveRate(brief, cny(52632n), { methodKind: 'wallet', instantSettlement: true });
    expect(allIn.quote.feeMinor).toBe(2n * advertised.quote.feeMinor);
    expect([advertised.display, allIn.display]).toEqual(['0.3800 %', '0.7600 %']);
  });

  it('includes a fixed fee per transaction: 1 % credit + 0.96 CNY on 100 CNY is 1.9600 %', () => {
    const schedule = parseFeeSchedule({ channel: 'ACQ', currency: 'CNY', methods: { credit_card: { rate: '0.01' } }, fixedFeeMinor: '96' });
    const r = effectiveRate(schedule, cny(10000n), { methodKind: 'credit_card' });
    expect(r.rate).toEqual({ numerator: 49n, denominator: 2500n });
    expect(r.display).toBe('1.9600 %');
  });

  it('uses the rounded fee actually charged: 0.5 % of 1.00 CNY rounds to nothing', () => {
    expect(effectiveRate(brief, cny(100n), { methodKind: 'debit_card' }).display).toBe('0.0000 %');
    expect(effectiveRate(brief, cny(300n), { methodKind: 'debit_card' }).display).toBe('0.6667 %');
  });

  it('refuses a zero amount', () => {
    expect(() => effectiveRate(brief, cny(0n), { methodKind: 'wallet' })).toThrow(expect.objectContaining({ code: 'invalid_amount' }));
  });
});
