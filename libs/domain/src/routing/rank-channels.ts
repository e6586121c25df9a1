import { initialState as initialChannelState } from '../channel/channel.decider';
import type { ChannelState } from '../channel';
import { effectiveRate, type Rate } from '../fees';
import type { ChannelProfile, RoutablePayment } from './channel-profile';
import { NEUTRAL_STATS, technicalSamples, type ChannelStats } from './channel-stats';
import { eligibility, type Exclusion } from './exclusions';
import { candidateReasons } from './explain-route';

/**
 * How a score is made: points for success rate, speed and price, times the operator's weight.
 * Success weighs most (a failed attempt costs the payer a retry and us a reroute); speed and price
 * share the rest. Speed and price points fall smoothly (reference / (reference + x)), so a channel
 * twice as slow or twice as dear loses points but is not cut off: success can still outweigh them.
 */
export const SCORING = {
  successPoints: 500,
  latencyPoints: 250,
  costPoints: 250,
  /** A channel answering in this time earns half its latency points. */
  latencyReferenceMs: 1000,
  /** A channel at this all-in effective rate (1 %) earns half its cost points. */
  rateReference: 0.01,
} as const;

export type ScoreParts = Readonly<{ success: number; latency: number; cost: number; weight: number }>;

export type Candidate = Readonly<{
  channel: string;
  score: number;
  parts: ScoreParts;
  stats: ChannelStats;
  /** The real fee for this payment on this channel (quoteFee) and its all-in rate. */
  feeMinor: bigint;
  effectiveRate: Rate;
  effectiveRateDisplay: string;
  /** Why it scored what it did, one line per part. */
  reasons: readonly string[];
}>;

export type Ranking = Readonly<{ payment: RoutablePayment; candidates: readonly Candidate[]; excluded: readonly Exclusion[] }>;

export type RankingInput = Readonly<{
  catalogue: readonly ChannelProfile[];
  payment: RoutablePayment;
  /** Live statistics by channel code; a channel without any uses NEUTRAL_STATS. */
  stats: Readonly<Record<string, ChannelStats>>;
  /** Circuit and maintenance by channel code; a channel without any is closed and in service. */
  states: Readonly<Record<string, ChannelState>>;
  /** Channels earlier attempts of this payment were routed to. */
  tried: readonly string[];
}>;

function score(channel: ChannelProfile, stats: ChannelStats, feeMinor: bigint, amountMinor: bigint): { score: number; parts: ScoreParts } {
  // Fees and amounts stay below 2^53 (MAX_AMOUNT_MINOR is 10^15), so both convert exactly and the
  // float division is monotonic: a cheaper fee never scores lower.
  const rate = Number(feeMinor) / Number(amountMinor);
  const latency = Math.max(0, stats.latencyMs);
  const parts = {
    success: SCORING.successPoints * Math.min(1, Math.max(0, stats.successRate)),
    latency: (SCORING.latencyPoints * SCORING.latencyReferenceMs) / (SCORING.latencyReferenceMs + latency),
    cost: (SCORING.costPoints * SCORING.rateReference) / (SCORING.rateReference + rate),
    weight: channel.weight,
  };
  return { score: channel.weight * (parts.success + parts.latency + parts.cost), parts };
}

/**
 * Best first. Ties (equal scores) go to the lower fee, then the faster channel, then the code in
 * alphabetical order, so the same inputs always give the same order: never round robin.
 */
export function compareCandidates(a: Candidate, b: Candidate): number {
  if (a.score !== b.score) return b.score - a.score;
  if (a.feeMinor !== b.feeMinor) return a.feeMinor < b.feeMinor ? -1 : 1;
  if (a.stats.latencyMs !== b.stats.latencyMs) return a.stats.latencyMs - b.stats.latencyMs;
  return a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0;
}

/** Ranks the catalogue for one payment: pure (no clock, no I/O), deterministic. */
export function rankChannels(input: RankingInput): Ranking {
  const { payment } = input;
  const tried = new Set(input.tried);
  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  for (const channel of input.catalogue) {
    const verdict = eligibility(channel, input.states[channel.code] ?? initialChannelState(), payment, tried);
    if (!verdict.eligible) {
      excluded.push({ channel: channel.code, reasons: verdict.reasons });
      continue;
    }
    const stats = input.stats[channel.code] ?? NEUTRAL_STATS;
    const real = effectiveRate(verdict.terms.fees, payment.amount, { methodKind: payment.methodKind });
    if (real.quote.feeMinor > payment.amount.amountMinor) {
      excluded.push({ channel: channel.code, reasons: [{ code: 'fee_exceeds_amount', detail: `fee ${real.display} of the amount exceeds it` }] });
      continue;
    }
    const { score: total, parts } = score(channel, stats, real.quote.feeMinor, payment.amount.amountMinor);
    const base = { channel: channel.code, score: total, parts, stats, feeMinor: real.quote.feeMinor, effectiveRate: real.rate, effectiveRateDisplay: real.display };
    candidates.push({ ...base, reasons: candidateReasons(base, technicalSamples(stats), payment) });
  }
  candidates.sort(compareCandidates);
  excluded.sort((a, b) => (a.channel < b.channel ? -1 : a.channel > b.channel ? 1 : 0));
  return { payment, candidates, excluded };
}
