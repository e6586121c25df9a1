import fc from 'fast-check';
import { rankChannels } from '@pl/domain';
import { channel, payment } from './routing.fixtures';

describe('the cheapest of otherwise equal channels wins', () => {
  it('given two channels equal but for their wallet rate, when a payment is ranked, then the lower fee is first', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 1, max: 300 }),
        fc.bigInt({ min: 1n, max: 10_000_000n }),
        fc.boolean(),
        (cheapBp, extraBp, amount, cheapFirstInCatalogue) => {
          const cheap = channel('CHEAP', {}, { methods: { wallet: { rate: (cheapBp / 10_000).toFixed(4) } } });
          const dear = channel('DEAR', {}, { methods: { wallet: { rate: ((cheapBp + extraBp) / 10_000).toFixed(4) } } });
          const catalogue = cheapFirstInCatalogue ? [cheap, dear] : [dear, cheap];
          const ranking = rankChannels({ catalogue, payment: payment(amount), stats: {}, states: {}, tried: [] });
          const [first, second] = ranking.candidates;
          expect(first!.feeMinor <= second!.feeMinor).toBe(true);
          // Equal fees after rounding (tiny amounts) fall to the next tie-break, never to the dearer rate.
          if (first!.feeMinor !== second!.feeMinor) expect(first!.channel).toBe('CHEAP');
        },
      ),
    );
  });

  it('given a 2 CNY fixed fee, when the payment is small, then a wallet without it wins; when it is large, the low-rate channel wins', () => {
    const wallet = channel('WALLET', {}, { methods: { wallet: { rate: '0.0038' } } });
    const fixedFee = channel('FIXED', {}, { methods: { wallet: { rate: '0.001' } }, fixedFeeMinor: '200' });
    const rank = (amount: bigint) => rankChannels({ catalogue: [fixedFee, wallet], payment: payment(amount), stats: {}, states: {}, tried: [] });

    const small = rank(10_000n); // 100 CNY: 0.38 CNY vs 0.10 + 2 CNY
    expect(small.candidates.map((c) => [c.channel, c.effectiveRateDisplay])).toEqual([
      ['WALLET', '0.3800 %'],
      ['FIXED', '2.1000 %'],
    ]);
    const large = rank(10_000_000n); // 100 000 CNY: 380 CNY vs 100 + 2 CNY
    expect(large.candidates[0]!.channel).toBe('FIXED');
    expect(large.candidates[0]!.feeMinor).toBe(10_200n);
  });
});
