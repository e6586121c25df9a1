import fc from 'fast-check';
import { rankChannels } from '@pl/domain';
import { arbChannel, arbPayment, arbState, arbStats, CODES } from './routing.fixtures';

describe('never routes to an excluded channel', () => {
  it('given any catalogue, states, stats and tried channels, then every channel is either a candidate or excluded, never both, and no candidate is unroutable', () => {
    fc.assert(
      fc.property(
        fc.tuple(...CODES.map((c) => arbChannel(c))),
        fc.tuple(...CODES.map(() => arbState)),
        fc.tuple(...CODES.map(() => arbStats)),
        fc.subarray([...CODES]),
        arbPayment,
        (catalogue, stateList, statList, tried, payment) => {
          const states = Object.fromEntries(CODES.map((c, i) => [c, stateList[i]!]));
          const stats = Object.fromEntries(CODES.map((c, i) => [c, statList[i]!]));
          const ranking = rankChannels({ catalogue, payment, states, stats, tried });
          const candidates = ranking.candidates.map((c) => c.channel);
          const excluded = ranking.excluded.map((e) => e.channel);
          expect([...candidates, ...excluded].sort()).toEqual([...CODES].sort());
          for (const c of ranking.candidates) {
            const profile = catalogue.find((p) => p.code === c.channel)!;
            const terms = profile.terms[0]!;
            expect(tried).not.toContain(c.channel);
            expect(states[c.channel]).toEqual({ circuit: { status: 'closed' }, maintenance: null });
            expect(profile.methods).toContain(payment.methodType);
            expect(payment.amount.amountMinor >= terms.minAmountMinor && payment.amount.amountMinor <= terms.maxAmountMinor).toBe(true);
            if (payment.region !== null) expect(profile.regions.some((r) => r === '*' || r === payment.region)).toBe(true);
            expect(c.feeMinor <= payment.amount.amountMinor).toBe(true);
          }
          for (const e of ranking.excluded) expect(e.reasons.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 300 },
    );
  });
});
