import type { RecordedEvent } from '@pl/event-store';

export interface ArrivalReport {
  readonly received: number;
  readonly duplicates: number;
  readonly missing: string[];
  /** Streams whose first deliveries were not exactly revisions 0, 1, 2, ... in that order. */
  readonly outOfOrder: string[];
}

/**
 * Checks what a consumer saw against what was written. At-least-once allows a redelivery of an
 * earlier event, but the first time each event arrives must follow the stream's revision order
 * with no gap: a relay may repeat itself, never skip or reorder.
 */
export function checkArrivals(written: Map<string, string[]>, arrived: readonly RecordedEvent[]): ArrivalReport {
  const seen = new Set<string>();
  const firsts = new Map<string, RecordedEvent[]>();
  let duplicates = 0;
  for (const e of arrived) {
    if (seen.has(e.eventId)) {
      duplicates++;
      continue;
    }
    seen.add(e.eventId);
    const list = firsts.get(e.streamId) ?? [];
    list.push(e);
    firsts.set(e.streamId, list);
  }
  const missing = [...written.values()].flat().filter((id) => !seen.has(id));
  const outOfOrder = [...written].filter(([streamId, ids]) => {
    const events = firsts.get(streamId) ?? [];
    return events.length !== ids.length || events.some((e, i) => e.revision !== BigInt(i) || e.eventId !== ids[i]);
  });
  return { received: arrived.length, duplicates, missing, outOfOrder: outOfOrder.map(([id]) => id) };
}
