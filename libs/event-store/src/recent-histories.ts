import type { RecordedEvent } from './port';

/**
 * The streams a consumer saw last. One partition delivers a stream's events in order, so the
 * history up to a delivered event is usually already in memory: held from revision 0 and extended
 * one event at a time, never with a gap. Anything else (a gap, a stream evicted or first seen
 * mid-way) is a miss, and the caller reads the store: the store stays the source of truth, and a
 * history from here may be stale (a prefix of the stream), which handleCommand's `known` allows for.
 */
export class RecentHistories {
  private readonly streams = new Map<string, readonly RecordedEvent[]>();

  /** Bounded, least recently used first out: at most `capacity` streams per consumer. */
  constructor(private readonly capacity = 10_000) {}

  /**
   * The history up to and including the delivered `event`, when the held one reaches it without a
   * gap (a redelivery gets the prefix up to it); undefined otherwise. Remembers what it learnt.
   */
  upTo(event: RecordedEvent): readonly RecordedEvent[] | undefined {
    const held = this.streams.get(event.streamId) ?? [];
    if (event.revision < BigInt(held.length)) {
      this.remember(event.streamId, held);
      return held.slice(0, Number(event.revision) + 1);
    }
    const history = this.extend(event);
    if (history) this.remember(event.streamId, history);
    return history;
  }

  /** The history up to and including `event`, if it is the next one after the held history (or the first). */
  extend(event: RecordedEvent): readonly RecordedEvent[] | undefined {
    const held = this.streams.get(event.streamId) ?? [];
    if (BigInt(held.length) !== event.revision) return undefined;
    return [...held, event];
  }

  /** The history held for the stream, as last remembered (possibly stale). */
  held(streamId: string): readonly RecordedEvent[] | undefined {
    return this.streams.get(streamId);
  }

  /** Drops what is held for the stream. */
  forget(streamId: string): void {
    this.streams.delete(streamId);
  }

  /** Holds `history` (from revision 0) as the stream's latest, evicting the least recently used stream when full. */
  remember(streamId: string, history: readonly RecordedEvent[]): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, history);
    if (this.streams.size > this.capacity) {
      const oldest = this.streams.keys().next();
      if (!oldest.done) this.streams.delete(oldest.value);
    }
  }
}
