import { money, parseFeeSchedule, quoteFee, quoteWithdrawalFee } from '@pl/domain';
import { briefSpec } from './fees.fixtures';

describe('currencies with other exponents', () => {
  const yen = parseFeeSchedule({ ...briefSpec, channel: 'PAYPAY', currency: 'JPY', settlement: undefined });
  const dinar = parseFeeSchedule({ ...briefSpec, channel: 'BENEFIT', currency: 'BHD', settlement: undefined });

  it.each([
    ['wallet', 2500n, 10n], // ¥9.5 → ¥10: JPY has no minor unit below the yen
    ['wallet', 7500n, 28n], // ¥28.5 → ¥28
    ['credit_card', 150n, 2n], // ¥1.5 → ¥2
    ['credit_card', 250n, 2n], // ¥2.5 → ¥2
  ] as const)('JPY (exponent 0): %s on ¥%p costs ¥%p', (methodKind, amount, fee) => {
    expect(quoteFee(yen, { amount: money(amount, 'JPY'), methodKind }).feeMinor).toBe(fee);
  });

  it.each([
    [500n, 2n], // 0.500 BHD × 0.5 % = 2.5 fils → 2
    [700n, 4n], // 3.5 fils → 4
    [1234567n, 6173n], // 6172.835 fils → 6173
  ])('BHD (exponent 3): debit on %p fils costs %p fils', (amount, fee) => {
    const quote = quoteFee(dinar, { amount: money(amount, 'BHD'), methodKind: 'debit_card' });
    expect(quote.feeMinor).toBe(fee);
  });

  it('states BHD amounts with three decimals', () => {
    const quote = quoteFee(dinar, { amount: money(1234567n, 'BHD'), methodKind: 'debit_card' });
    expect(quote.breakdown[0]?.detail).toBe('0.5000 % of 1234.567 BHD (debit_card)');
  });
});

describe('volume tiers', () => {
  const tiered = parseFeeSchedule({
    channel: 'CMB',
    currency: 'CNY',
    methods: {
      credit_card: {
        rate: '0.01',
        // Listed out of order on purpose: the parser sorts the bands.
        tiers: [
          { fromMonthlyVolumeMinor: '1000000000', rate: '0.006' },
          { fromMonthlyVolumeMinor: '100000000', rate: '0.008' },
        ],
      },
    },
  });
  const fee = (monthlyVolumeMinor?: bigint) => quoteFee(tiered, { amount: money(100000n, 'CNY'), methodKind: 'credit_card', monthlyVolumeMinor }).feeMinor;

  it('prices the whole payment at the rate of the band the month has reached', () => {
    expect(fee()).toBe(1000n);
    expect(fee(0n)).toBe(1000n);
    expect(fee(99_999_999n)).toBe(1000n);
    expect(fee(100_000_000n)).toBe(800n);
    expect(fee(999_999_999n)).toBe(800n);
    expect(fee(1_000_000_000n)).toBe(600n);
  });
});

describe('fixed fees and caps', () => {
  const capped = parseFeeSchedule({
    channel: 'ACQ',
    currency: 'CNY',
    methods: { credit_card: { rate: '0.01' } },
    fixedFeeMinor: '30',
    minFeeMinor: '100',
    maxFeeMinor: '2000',
    withdrawal: { fixedFeeMinor: '0', rate: '0.001', minFeeMinor: '100', maxFeeMinor: '2500' },
  });
  const quote = (amount: bigint) => quoteFee(capped, { amount: money(amount, 'CNY'), methodKind: 'credit_card' });

  it('raises a small fee to the minimum with a line that says so', () => {
    expect(quote(1000n).breakdown.map((l) => [l.kind, l.amountMinor])).toEqual([['percentage', 10n], ['fixed', 30n], ['minimum', 60n]]);
    expect(quote(1000n).feeMinor).toBe(100n);
  });

  it('lowers a large fee to the maximum', () => {
    expect(quote(500000n).breakdown.map((l) => [l.kind, l.amountMinor])).toEqual([['percentage', 5000n], ['fixed', 30n], ['maximum', -3030n]]);
    expect(quote(500000n).feeMinor).toBe(2000n);
  });

  it('leaves a fee between the caps alone', () => {
    expect(quote(50000n).feeMinor).toBe(530n);
  });

  it('quotes withdrawals with their own rate and caps', () => {
    expect(quoteWithdrawalFee(capped, money(50000n, 'CNY')).feeMinor).toBe(100n);
    expect(quoteWithdrawalFee(capped, money(500000n, 'CNY')).feeMinor).toBe(500n);
    expect(quoteWithdrawalFee(capped, money(10000000n, 'CNY')).feeMinor).toBe(2500n);
  });

  it('refuses a schedule whose minimum exceeds its maximum', () => {
    expect(() => parseFeeSchedule({ channel: 'X', currency: 'CNY', methods: {}, minFeeMinor: '10', maxFeeMinor: '9' })).toThrow(
      expect.objectContaining({ code: 'invalid_fee_schedule' }),
    );
  });

  it('refuses instant settlement where the channel offers none', () => {
    expect(() => quoteFee(capped, { amount: money(100n, 'CNY'), methodKind: 'credit_card', instantSettlement: true })).toThrow(
      expect.objectContaining({ code: 'settlement_not_offered' }),
    );
  });
});
