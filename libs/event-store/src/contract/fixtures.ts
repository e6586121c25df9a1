import { randomUUID } from 'node:crypto';
import { buildEvents, type ChainHead } from '../event-metadata';
import type { EventData, RecordedEvent } from '../port';

export const streamName = (category = 'test'): string => `${category}-${randomUUID()}`;

/** N chained events for a stream, as a handler would build them. */
export function someEvents(streamId: string, count: number, head?: RecordedEvent | ChainHead): EventData[] {
  const chainHead = head ? { revision: head.revision, hash: 'metadata' in head ? head.metadata.hash : head.hash } : undefined;
  return buildEvents(
    streamId,
    chainHead,
    Array.from({ length: count }, (_, i) => ({ type: 'SomethingHappened', data: { n: i, note: 'contract' } })),
    { correlationId: streamId, causationId: randomUUID(), actor: 'contract-test', occurredAt: '2026-11-22T10:00:00.000Z' },
  );
}

/** Collects up to `count` events from an async iterable, then aborts it. */
export async function take(iterable: AsyncIterable<RecordedEvent>, count: number, controller: AbortController, timeoutMs = 10_000): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const event of iterable) {
      out.push(event);
      if (out.length >= count) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return out;
}
