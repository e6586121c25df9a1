import { randomUUID } from 'node:crypto';
import { createTestDatabase } from '@pl/testing';
import { verifyStream } from '../cli/verify-stream';
import { streamName } from '../contract/fixtures';
import { buildEvents } from '../event-metadata';
import type { JsonObject } from '../port';
import { PostgresEventStore } from './postgres-event-store';

/** What JSON text escaping could get wrong: quotes, backslashes, braces, commas, non-ASCII text, control characters, nesting. */
const awkward: JsonObject = {
  quote: 'a "quoted" word',
  backslash: 'C:\\path\\to\\file \\" and \\\\',
  literal: '{"not": "an object"}, {x}',
  text: '支付 — Zahlung — 💳',
  control: 'line\nbreak\ttab',
  nested: { list: ['"', '\\', '', null, 1.5, { deep: ['{', '}'] }], empty: {} },
};

const eventsFor = (streamId: string, count: number) =>
  buildEvents(
    streamId,
    undefined,
    Array.from({ length: count }, (_, i) => ({ type: 'AwkwardThingHappened', data: { ...awkward, n: i } })),
    { correlationId: streamId, causationId: randomUUID(), actor: 'json "test" \\ actor', occurredAt: '2026-12-07T10:00:00.000Z' },
  );

/**
 * The append statements take the events' documents as one JSON array each (append.ts, jsonbArray):
 * whatever the documents hold, each event is stored as it was given, in its order, and its hash
 * chain still verifies, alone, in a large append and in a batch of appends made together.
 */
describe("an event's JSON is stored exactly as it was given", () => {
  let db: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('json_exact');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('round-trips awkward documents appended alone, in one large append, and in appends made together', async () => {
    const alone = streamName('json');
    const large = streamName('json');
    const together = Array.from({ length: 12 }, () => streamName('json'));
    await store.append(alone, eventsFor(alone, 1), { expectedRevision: 'no_stream' });
    await store.append(large, eventsFor(large, 60), { expectedRevision: 'no_stream' });
    // Made in one tick: they share es_append_batch statements (group commit).
    await Promise.all(together.map((id) => store.append(id, eventsFor(id, 2), { expectedRevision: 'no_stream' })));

    for (const [id, count] of [[alone, 1], [large, 60], ...together.map((t) => [t, 2] as const)] as const) {
      const stored = await store.readStream(id);
      expect(stored.map((e) => e.data)).toEqual(Array.from({ length: count }, (_, i) => ({ ...awkward, n: i })));
      expect(stored[0]!.metadata.actor).toBe('json "test" \\ actor');
      expect((await verifyStream(store, id)).verdict).toEqual({ ok: true, count });
    }
  });
});
