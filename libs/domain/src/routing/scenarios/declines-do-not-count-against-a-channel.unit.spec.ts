import { NEUTRAL_STATS, recordAuthorized, recordDeclined, recordFailed } from '@pl/domain';

describe('live channel statistics', () => {
  it('given a channel, when the payer is declined, then its success rate is unchanged and the decline is counted', () => {
    const after = recordDeclined(NEUTRAL_STATS);
    expect(after.successRate).toBe(NEUTRAL_STATS.successRate);
    expect(after.declined).toBe(1);
  });

  it('given a channel, when an attempt fails technically, then its success rate falls; when one is authorized, latency moves toward it', () => {
    expect(recordFailed(NEUTRAL_STATS).successRate).toBeLessThan(NEUTRAL_STATS.successRate);
    const fast = recordAuthorized(NEUTRAL_STATS, 200);
    expect(fast.successRate).toBeGreaterThan(NEUTRAL_STATS.successRate);
    expect(fast.latencyMs).toBeCloseTo(1000 + 0.2 * (200 - 1000));
  });
});
