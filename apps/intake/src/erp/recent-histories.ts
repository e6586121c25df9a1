import type { RecordedEvent } from '@pl/event-store';

/**
 * The payment streams the status publisher saw last, so that the next event of a stream (the usual
 * case: one partition delivers a stream's events in order) extends the history it already holds
 * instead of reading the whole stream again. Anything else (a gap, a redelivery, a stream evicted
 * or never seen) is a miss, and the caller reads the store: the store stays the source of truth.
 */
export class RecentHistories {
  private readonly streams = new Map<string, readonly RecordedEvent[]>();

  constructor(private readonly capacity = 2_000) {}

  /** The history up to and including `event`, if the one right before it is held. */
  extend(event: RecordedEvent): readonly RecordedEvent[] | undefined {
    const held = this.streams.get(event.streamId);
    const last = held?.at(-1);
    if (!held || !last || last.revision + 1n !== event.revision) return undefined;
    return [...held, event];
  }

  /** Holds `history` as the stream's latest, evicting the least recently used stream when full. */
  remember(streamId: string, history: readonly RecordedEvent[]): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, history);
    if (this.streams.size > this.capacity) {
      const oldest = this.streams.keys().next();
      if (!oldest.done) this.streams.delete(oldest.value);
    }
  }
}
