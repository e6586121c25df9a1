/**
 * Live statistics of one channel as exponentially weighted moving averages (EWMA): recent outcomes
 * count more than old ones, so a bank that slows down loses traffic within minutes, and one that
 * recovers wins it back. A channel without history starts from neutral priors, so a new or quiet
 * channel is neither favoured nor punished.
 */
export type ChannelStats = Readonly<{
  /** EWMA of technical outcomes: 1 = authorized, 0 = failed. Declines do not count (they are the payer's). */
  successRate: number;
  /** EWMA of submission → authorization time, in milliseconds. */
  latencyMs: number;
  authorized: number;
  failed: number;
  /** Declines by the payer's bank (insufficient funds, ...): shown, never held against the channel. */
  declined: number;
}>;

export const NEUTRAL_STATS: ChannelStats = { successRate: 0.95, latencyMs: 1000, authorized: 0, failed: 0, declined: 0 };

/** Weight of the newest sample: about the last ten outcomes dominate. */
export const EWMA_ALPHA = 0.2;

const ewma = (previous: number, sample: number): number => previous + EWMA_ALPHA * (sample - previous);

export function recordAuthorized(stats: ChannelStats, latencyMs: number): ChannelStats {
  const latency = Number.isFinite(latencyMs) && latencyMs >= 0 ? latencyMs : stats.latencyMs;
  return { ...stats, successRate: ewma(stats.successRate, 1), latencyMs: ewma(stats.latencyMs, latency), authorized: stats.authorized + 1 };
}

export function recordFailed(stats: ChannelStats): ChannelStats {
  return { ...stats, successRate: ewma(stats.successRate, 0), failed: stats.failed + 1 };
}

export function recordDeclined(stats: ChannelStats): ChannelStats {
  return { ...stats, declined: stats.declined + 1 };
}

/** Outcomes that moved the success rate: zero means it is still the prior. */
export const technicalSamples = (stats: ChannelStats): number => stats.authorized + stats.failed;
