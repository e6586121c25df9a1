import { money, rankChannels } from '@pl/domain';
import { channel, inMaintenance, openCircuit, payment } from './routing.fixtures';

describe('excluded channels say why', () => {
  it('given channels that cannot carry the payment, when ranked, then each is excluded with every reason', () => {
    const catalogue = [
      channel('TRIED'),
      channel('OPEN'),
      channel('MAINT'),
      channel('USD_ONLY', { terms: [{ ...channel('X').terms[0]!, currency: 'USD' }] }),
      channel('CARDS', { methods: ['card'] }),
      channel('SHANGHAI', { regions: ['CN-SH'] }),
      channel('BIG', { terms: [{ ...channel('X').terms[0]!, minAmountMinor: 100_000n }] }),
      channel('SMALL', { terms: [{ ...channel('X').terms[0]!, maxAmountMinor: 1_000n }], methods: ['card'] }),
      channel('OK'),
    ];
    const ranking = rankChannels({
      catalogue,
      payment: payment(12_550n, { region: 'CN-BJ' }),
      stats: {},
      states: { OPEN: openCircuit, MAINT: inMaintenance },
      tried: ['TRIED'],
    });
    expect(ranking.candidates.map((c) => c.channel)).toEqual(['OK']);
    const codes = Object.fromEntries(ranking.excluded.map((e) => [e.channel, e.reasons.map((r) => r.code)]));
    expect(codes).toEqual({
      TRIED: ['already_tried'],
      OPEN: ['circuit_open'],
      MAINT: ['maintenance'],
      USD_ONLY: ['currency'],
      CARDS: ['method'],
      SHANGHAI: ['region'],
      BIG: ['below_minimum'],
      SMALL: ['method', 'over_limit'],
    });
    expect(ranking.excluded.find((e) => e.channel === 'SMALL')!.reasons[1]!.detail).toBe('limit 10.00 CNY per transaction');
  });

  it('given a 2 CNY fixed fee, when the payment is 1 CNY, then the channel is excluded rather than charging more than the payment', () => {
    const ranking = rankChannels({
      catalogue: [channel('FIXED', {}, { fixedFeeMinor: '200' })],
      payment: { ...payment(100n), amount: money(100n, 'CNY') },
      stats: {},
      states: {},
      tried: [],
    });
    expect(ranking.candidates).toEqual([]);
    expect(ranking.excluded[0]!.reasons.map((r) => r.code)).toEqual(['fee_exceeds_amount']);
  });
});
