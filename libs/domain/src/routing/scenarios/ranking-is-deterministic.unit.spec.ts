import fc from 'fast-check';
import { explainRoute, rankChannels } from '@pl/domain';
import { arbChannel, arbPayment, arbStats, channel, CODES, payment } from './routing.fixtures';

describe('the ranking is deterministic, never round robin', () => {
  it('given the same inputs in any catalogue order, then the order is the same', () => {
    fc.assert(
      fc.property(
        fc.tuple(...CODES.map((c) => arbChannel(c))),
        fc.tuple(...CODES.map(() => arbStats)),
        arbPayment,
        fc.integer({ min: 0, max: 1000 }),
        (catalogue, statList, p, seed) => {
          const stats = Object.fromEntries(CODES.map((c, i) => [c, statList[i]!]));
          const shuffled = [...catalogue].sort((a, b) => ((a.code.charCodeAt(0) * seed) % 7) - ((b.code.charCodeAt(0) * seed) % 7));
          const once = rankChannels({ catalogue, payment: p, stats, states: {}, tried: [] });
          const again = rankChannels({ catalogue: shuffled, payment: p, stats, states: {}, tried: [] });
          expect(again.candidates.map((c) => c.channel)).toEqual(once.candidates.map((c) => c.channel));
        },
      ),
    );
  });

  it('given equal channels, then the tie goes to the code in alphabetical order, every time', () => {
    const rank = () => rankChannels({ catalogue: [channel('WECHAT_PAY'), channel('ALIPAY')], payment: payment(12_550n), stats: {}, states: {}, tried: [] });
    expect([1, 2, 3].map(() => rank().candidates[0]!.channel)).toEqual(['ALIPAY', 'ALIPAY', 'ALIPAY']);
  });

  it('explains the route: chosen channel, score parts, runners-up and exclusions', () => {
    const ranking = rankChannels({
      catalogue: [channel('WECHAT_PAY', { weight: 0.9 }), channel('ALIPAY'), channel('ICBC', { methods: ['card'] })],
      payment: payment(12_550n),
      stats: {},
      states: {},
      tried: [],
    });
    expect(explainRoute(ranking, 1)).toEqual([
      'route ALIPAY (attempt 1): score 780.8, best of 2 candidates, 1 backup left',
      'success rate 95.0 % over 0 outcomes (neutral prior): 475.0 pts',
      'latency 1000 ms (neutral prior): 125.0 pts',
      'effective rate 0.3825 % (fee 0.48 CNY on 125.50 CNY): 180.8 pts',
      'operator weight x1.00',
      'runners-up: WECHAT_PAY 702.8',
      'excluded: ICBC (method)',
    ]);
  });
});
