import { Injectable } from '@nestjs/common';
import { NEUTRAL_STATS, recordAuthorized, recordDeclined, recordFailed, type ChannelStats } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';

/** Bounds on what is remembered, so a long-running router's memory stays flat. */
const MAX_PENDING_SUBMISSIONS = 50_000;
const MAX_SEEN_OUTCOMES = 50_000;

/**
 * Live channel statistics from the payment events routing already consumes: submitted → authorized
 * gives a latency sample and a success; a technical failure counts against the channel; a decline is
 * the payer's and is only counted.
 *
 * In memory, on purpose: statistics are a moving average of the last minutes, not a record, so a
 * restarted router starts again from the neutral priors (NEUTRAL_STATS) and catches up within a few
 * dozen payments. With several routing replicas each sees its own partitions: a sample of the same
 * traffic, good enough for ranking. Redelivered outcomes are recognised by event id and counted once.
 */
@Injectable()
export class ChannelStatsBoard {
  private readonly stats = new Map<string, ChannelStats>();
  private readonly submittedAt = new Map<string, number>();
  private readonly seen = new Set<string>();

  observe(event: RecordedEvent): void {
    const d = event.data;
    const channel = typeof d['channel'] === 'string' ? d['channel'] : undefined;
    if (!channel) return;
    const key = `${text(d['paymentId'])}:${text(d['attempt'])}`;
    switch (event.type) {
      case 'PaymentSubmittedToBank':
        remember(this.submittedAt, key, Date.parse(text(d['submittedAt'])), MAX_PENDING_SUBMISSIONS);
        return;
      case 'PaymentAuthorized': {
        if (!this.firstTime(event.eventId)) return;
        const submitted = this.submittedAt.get(key);
        this.submittedAt.delete(key);
        const latency = submitted === undefined ? Number.NaN : Date.parse(text(d['authorizedAt'])) - submitted;
        // Without the submission (seen by a replica before a rebalance) the success still counts; the latency does not.
        this.update(channel, (s) => recordAuthorized(s, latency));
        return;
      }
      case 'PaymentFailed':
        if (!this.firstTime(event.eventId)) return;
        this.submittedAt.delete(key);
        this.update(channel, recordFailed);
        return;
      case 'PaymentDeclined':
        if (!this.firstTime(event.eventId)) return;
        this.submittedAt.delete(key);
        this.update(channel, recordDeclined);
        return;
      default:
        return;
    }
  }

  statsOf(code: string): ChannelStats {
    return this.stats.get(code) ?? NEUTRAL_STATS;
  }

  all(): Record<string, ChannelStats> {
    return Object.fromEntries(this.stats);
  }

  private update(channel: string, change: (s: ChannelStats) => ChannelStats): void {
    this.stats.set(channel, change(this.statsOf(channel)));
  }

  private firstTime(eventId: string): boolean {
    if (this.seen.has(eventId)) return false;
    remember(this.seen, eventId, undefined, MAX_SEEN_OUTCOMES);
    return true;
  }
}

/** A scalar field as text; anything else is '' (then Date.parse gives NaN and no latency is recorded). */
const text = (value: unknown): string => (typeof value === 'string' || typeof value === 'number' ? String(value) : '');

/** Insertion-ordered: the oldest entry goes first when the bound is reached. */
function remember<K, V>(target: Map<K, V> | Set<K>, key: K, value: V, max: number): void {
  if (target.size >= max) {
    const oldest = target.keys().next();
    if (!oldest.done) target.delete(oldest.value);
  }
  if (target instanceof Map) target.set(key, value);
  else target.add(key);
}
