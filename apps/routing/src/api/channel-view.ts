import { effectiveRate, isRoutable, technicalSamples, type ChannelProfile, type ChannelState, type ChannelStats, type Money, type MethodKind } from '@pl/domain';

/** A channel as GET /v1/channels shows it: money as digit strings, rates as exact percentages. */
export function channelView(channel: ChannelProfile, state: ChannelState, stats: ChannelStats, reference: Money, methodKinds: readonly MethodKind[] | null) {
  const terms = channel.terms.find((t) => t.currency === reference.currency);
  const kinds = methodKinds ?? (terms ? (Object.keys(terms.fees.methods) as MethodKind[]) : []);
  return {
    code: channel.code,
    name: channel.name,
    kind: channel.kind,
    methods: channel.methods,
    regions: channel.regions,
    weight: channel.weight,
    limits: channel.terms.map((t) => ({ currency: t.currency, minAmountMinor: t.minAmountMinor.toString(), maxAmountMinor: t.maxAmountMinor.toString() })),
    state: {
      routable: isRoutable(state),
      circuit: state.circuit,
      maintenance: state.maintenance,
    },
    stats: {
      successRate: Number(stats.successRate.toFixed(4)),
      latencyMs: Math.round(stats.latencyMs),
      authorized: stats.authorized,
      failed: stats.failed,
      declined: stats.declined,
      neutralPrior: technicalSamples(stats) === 0,
    },
    reference: {
      amountMinor: reference.amountMinor.toString(),
      currency: reference.currency,
      ...(terms ? {} : { unavailable: `does not accept ${reference.currency}` }),
      effectiveRates: terms
        ? kinds
            .filter((k) => terms.fees.methods[k] !== undefined)
            .map((methodKind) => {
              const real = effectiveRate(terms.fees, reference, { methodKind });
              return { methodKind, effectiveRate: real.display, feeMinor: real.quote.feeMinor.toString() };
            })
        : [],
    },
  };
}
