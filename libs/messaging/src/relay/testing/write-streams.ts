import { randomUUID } from 'node:crypto';
import type { EventData, EventStore } from '@pl/event-store';

/** An event with metadata shaped like the real helper's; the hash chain is not what is tested here. */
export function testEvent(streamId: string, revision: number): EventData {
  return {
    eventId: randomUUID(),
    type: 'TestHappened',
    data: { streamId, n: revision },
    metadata: {
      schemaVersion: 1,
      correlationId: streamId,
      causationId: streamId,
      actor: 'relay-test',
      occurredAt: new Date().toISOString(),
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    },
  };
}

export interface WrittenStreams {
  /** Stream id → the event ids it holds, in revision order. */
  readonly streams: Map<string, string[]>;
  readonly total: number;
}

/**
 * Writes `count` streams of 1–5 events each, `concurrency` streams at a time with small pauses,
 * sometimes two events in one append, so the streams interleave in the global log as real traffic does.
 */
export async function writeStreams(
  store: EventStore,
  options: { category: string; count: number; concurrency: number; maxPauseMs: number },
): Promise<WrittenStreams> {
  const streams = new Map<string, string[]>();
  const plan = Array.from({ length: options.count }, () => ({ id: `${options.category}-${randomUUID()}`, size: 1 + Math.floor(Math.random() * 5) }));
  let next = 0;
  const pause = () => new Promise((r) => setTimeout(r, Math.random() * options.maxPauseMs));
  const worker = async () => {
    for (let s = plan[next++]; s; s = plan[next++]) {
      const ids: string[] = [];
      streams.set(s.id, ids);
      while (ids.length < s.size) {
        const take = s.size - ids.length >= 2 && Math.random() < 0.3 ? 2 : 1;
        const events = Array.from({ length: take }, (_, i) => testEvent(s.id, ids.length + i));
        await store.append(s.id, events, { expectedRevision: ids.length === 0 ? 'no_stream' : BigInt(ids.length - 1) });
        ids.push(...events.map((e) => e.eventId));
        await pause();
      }
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return { streams, total: [...streams.values()].reduce((n, ids) => n + ids.length, 0) };
}
