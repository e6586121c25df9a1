import fc from 'fast-check';
import { parseFeeSchedule, type FeeScheduleSpec } from '../../fees';
import { money } from '../../money';
import type { ChannelState } from '../../channel';
import { ANY_REGION, type ChannelProfile, type RoutablePayment } from '../channel-profile';
import { NEUTRAL_STATS, type ChannelStats } from '../channel-stats';

export const CODES = ['ICBC', 'CCB', 'CMB', 'SPDB', 'WECHAT_PAY', 'ALIPAY'] as const;

/** A channel with the brief's card and wallet rates, CNY only, nationwide. */
export function channel(code: string, over: Partial<ChannelProfile> = {}, fees: Partial<FeeScheduleSpec> = {}): ChannelProfile {
  const spec: FeeScheduleSpec = {
    channel: code,
    currency: 'CNY',
    methods: { debit_card: { rate: '0.005' }, credit_card: { rate: '0.01' }, wallet: { rate: '0.0038' }, bank_transfer: { rate: '0.001' } },
    ...fees,
  };
  return {
    code,
    name: code,
    kind: 'bank',
    methods: ['card', 'wallet', 'bank_account'],
    terms: [{ currency: 'CNY', minAmountMinor: 1n, maxAmountMinor: 10_000_000n, fees: parseFeeSchedule(spec) }],
    regions: [ANY_REGION],
    weight: 1,
    ...over,
  };
}

export const payment = (amountMinor: bigint, over: Partial<RoutablePayment> = {}): RoutablePayment => ({
  amount: money(amountMinor, 'CNY'),
  methodType: 'wallet',
  methodKind: 'wallet',
  region: null,
  ...over,
});

export const openCircuit: ChannelState = { circuit: { status: 'open', reason: '3 probe timeouts', openedAt: '2026-11-25T01:00:00.000Z' }, maintenance: null };
export const inMaintenance: ChannelState = { circuit: { status: 'closed' }, maintenance: { reason: 'bank window', by: 'ops', since: '2026-11-25T01:00:00.000Z' } };
export const closed: ChannelState = { circuit: { status: 'closed' }, maintenance: null };

const rateText = fc.integer({ min: 0, max: 300 }).map((bp) => (bp / 10_000).toFixed(4));

/** A random channel: limits, methods, regions, price, weight. */
export const arbChannel = (code: string): fc.Arbitrary<ChannelProfile> =>
  fc
    .record({
      min: fc.bigInt({ min: 1n, max: 100_000n }),
      span: fc.bigInt({ min: 0n, max: 100_000_000n }),
      methods: fc.subarray(['card', 'wallet', 'bank_account'] as const, { minLength: 1 }),
      regions: fc.oneof(fc.constant([ANY_REGION]), fc.subarray(['CN-SH', 'CN-BJ', 'CN-GD'], { minLength: 1 })),
      weight: fc.double({ min: 0.5, max: 1.5, noNaN: true }),
      rate: rateText,
      fixed: fc.constantFrom(undefined, '200'),
    })
    .map((r) =>
      channel(
        code,
        {
          methods: r.methods,
          regions: r.regions,
          weight: r.weight,
          terms: [
            {
              currency: 'CNY',
              minAmountMinor: r.min,
              maxAmountMinor: r.min + r.span,
              fees: parseFeeSchedule({
                channel: code,
                currency: 'CNY',
                methods: { credit_card: { rate: r.rate }, wallet: { rate: r.rate }, bank_transfer: { rate: r.rate } },
                ...(r.fixed ? { fixedFeeMinor: r.fixed } : {}),
              }),
            },
          ],
        },
      ),
    );

export const arbStats: fc.Arbitrary<ChannelStats> = fc.record({
  successRate: fc.double({ min: 0, max: 1, noNaN: true }),
  latencyMs: fc.double({ min: 0, max: 30_000, noNaN: true }),
  authorized: fc.nat(1000),
  failed: fc.nat(1000),
  declined: fc.nat(1000),
});

export const arbState: fc.Arbitrary<ChannelState> = fc.constantFrom(closed, closed, openCircuit, inMaintenance);

export const arbPayment: fc.Arbitrary<RoutablePayment> = fc
  .record({
    amount: fc.bigInt({ min: 1n, max: 200_000_000n }),
    method: fc.constantFrom(
      { methodType: 'card', methodKind: 'credit_card' } as const,
      { methodType: 'wallet', methodKind: 'wallet' } as const,
      { methodType: 'bank_account', methodKind: 'bank_transfer' } as const,
    ),
    region: fc.constantFrom(null, 'CN-SH', 'CN-BJ', 'CN-XZ'),
  })
  .map((r) => payment(r.amount, { ...r.method, region: r.region }));

export { NEUTRAL_STATS };
