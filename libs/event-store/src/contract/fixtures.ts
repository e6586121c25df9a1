import { randomUUID } from 'node:crypto';
import { buildEvents, type ChainHead } from '../event-metadata';
import type { EventData, EventStore, Position, RecordedEvent } from '../port';

export const streamName = (category = 'test'): string => `${category}-${randomUUID()}`;

/** N chained events for a stream, as a handler would build them (trace context included, to round-trip). */
export function someEvents(streamId: string, count: number, head?: RecordedEvent | ChainHead): EventData[] {
  const chainHead = head ? { revision: head.revision, hash: 'metadata' in head ? head.metadata.hash : head.hash } : undefined;
  return buildEvents(
    streamId,
    chainHead,
    Array.from({ length: count }, (_, i) => ({ type: 'SomethingHappened', data: { n: i, note: 'contract', nested: { b: [1, 'x', null], a: true } } })),
    {
      correlationId: streamId,
      causationId: randomUUID(),
      actor: 'contract-test',
      occurredAt: '2026-11-22T10:00:00.000Z',
      traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
      tracestate: 'pl=1',
    },
  );
}

/** The stream's last event, to chain to and to use as the expected revision. */
export async function headOf(store: EventStore, streamId: string): Promise<RecordedEvent | undefined> {
  return (await store.readStream(streamId, { direction: 'backwards', maxCount: 1 }))[0];
}

/**
 * A checkpoint at the current end of the log, without reading the whole log: the position of a
 * fresh marker event. In a store shared with other tests, later events may come from anyone.
 */
export async function checkpointNow(store: EventStore): Promise<Position> {
  const marker = streamName('marker');
  return (await store.append(marker, someEvents(marker, 1), { expectedRevision: 'no_stream' })).position;
}

/**
 * readAll until `done` holds. The global log is eventually consistent with appends: in PostgreSQL
 * an append's events become visible once every older transaction in the cluster has ended.
 */
export async function readAllUntil(
  store: EventStore,
  after: Position,
  done: (log: readonly RecordedEvent[]) => boolean,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const log = await readWholeLog(store, after);
    if (done(log) || Date.now() > deadline) return log;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Every visible event after a position, page by page. */
export async function readWholeLog(store: EventStore, after: Position): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for (let cursor = after; ; ) {
    const page = await store.readAll({ after: cursor, maxCount: 1000 });
    out.push(...page);
    if (page.length < 1000) return out;
    cursor = page.at(-1)!.position;
  }
}

/** Collects up to `count` events from an async iterable, then aborts it. */
export async function take(iterable: AsyncIterable<RecordedEvent>, count: number, controller: AbortController, timeoutMs = 10_000): Promise<RecordedEvent[]> {
  return collectUntil(iterable, (seen) => seen.length >= count, controller, timeoutMs);
}

/** Collects events until `done(seen)` holds (or the timeout aborts the iteration), then aborts it. */
export async function collectUntil(
  iterable: AsyncIterable<RecordedEvent>,
  done: (seen: readonly RecordedEvent[]) => boolean,
  controller: AbortController,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    for await (const event of iterable) {
      out.push(event);
      if (done(out)) break;
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  return out;
}
