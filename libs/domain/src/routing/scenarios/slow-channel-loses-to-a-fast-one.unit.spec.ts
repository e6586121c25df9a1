import fc from 'fast-check';
import { NEUTRAL_STATS, rankChannels } from '@pl/domain';
import { channel, payment } from './routing.fixtures';

describe('a slow channel loses to a fast one', () => {
  it('given two identical channels, when one answers slower, then the faster one is first', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 20_000, noNaN: true }), fc.double({ min: 1, max: 20_000, noNaN: true }), (fastMs, extraMs) => {
        const stats = { FAST: { ...NEUTRAL_STATS, latencyMs: fastMs }, SLOW: { ...NEUTRAL_STATS, latencyMs: fastMs + extraMs } };
        const ranking = rankChannels({ catalogue: [channel('SLOW'), channel('FAST')], payment: payment(12_550n), stats, states: {}, tried: [] });
        expect(ranking.candidates.map((c) => c.channel)).toEqual(['FAST', 'SLOW']);
      }),
    );
  });

  it('given two identical channels, when one fails more often, then the more reliable one is first', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 0.99, noNaN: true }), fc.double({ min: 0.001, max: 0.01, noNaN: true }), (rate, gap) => {
        const stats = { GOOD: { ...NEUTRAL_STATS, successRate: rate + gap }, FLAKY: { ...NEUTRAL_STATS, successRate: rate } };
        const ranking = rankChannels({ catalogue: [channel('FLAKY'), channel('GOOD')], payment: payment(12_550n), stats, states: {}, tried: [] });
        expect(ranking.candidates[0]!.channel).toBe('GOOD');
      }),
    );
  });

  it('given a slower but far more reliable channel, then reliability can outweigh speed (it is a score, not a single criterion)', () => {
    const stats = { STEADY: { ...NEUTRAL_STATS, latencyMs: 1500, successRate: 0.99 }, QUICK: { ...NEUTRAL_STATS, latencyMs: 300, successRate: 0.6 } };
    const ranking = rankChannels({ catalogue: [channel('QUICK'), channel('STEADY')], payment: payment(12_550n), stats, states: {}, tried: [] });
    expect(ranking.candidates[0]!.channel).toBe('STEADY');
  });
});
