import { Client } from 'pg';
import { createTestDatabase } from '@pl/testing';
import { checkpointNow, readAllUntil, someEvents, streamName } from '../contract/fixtures';
import { START, WrongExpectedRevisionError, type RecordedEvent } from '../port';
import { PostgresEventStore } from './postgres-event-store';

/**
 * A gate inside the server: appends to `slow-*` streams block after writing their rows and before
 * their commit (a trigger waits on an advisory lock the test holds), a writer that is slow to
 * commit, through the real append code. (An append is one statement in its own transaction, so
 * the client has no COMMIT of its own to delay.)
 */
async function commitGate(url: string): Promise<{ hold(): Promise<void>; release(): Promise<void>; waiting(): Promise<void>; remove(): Promise<void> }> {
  const GATE = 424242;
  const admin = new Client({ connectionString: url });
  await admin.connect();
  await admin.query(`
    CREATE FUNCTION test_commit_gate() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF NEW.stream_id LIKE 'slow-%' THEN PERFORM pg_advisory_xact_lock_shared(${GATE}); END IF;
      RETURN NEW;
    END $$;
    CREATE TRIGGER test_commit_gate AFTER INSERT ON es_events FOR EACH ROW EXECUTE FUNCTION test_commit_gate();`);
  return {
    hold: async () => void (await admin.query(`SELECT pg_advisory_lock(${GATE})`)),
    release: async () => void (await admin.query(`SELECT pg_advisory_unlock(${GATE})`)),
    waiting: async () => {
      for (;;) {
        const { rows } = await admin.query(`SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND objid = ${GATE} AND NOT granted`);
        if (rows.length > 0) return;
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    remove: async () => {
      await admin.query('DROP TRIGGER test_commit_gate ON es_events; DROP FUNCTION test_commit_gate()');
      await admin.end();
    },
  };
}

/** What a naive reader (committed rows in sequence order, no snapshot bound) sees right now. */
async function committedBySequence(url: string): Promise<string[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<{ stream_id: string }>('SELECT stream_id FROM es_events ORDER BY seq')).rows.map((r) => r.stream_id);
  } finally {
    await client.end();
  }
}

describe('the PostgreSQL global log never skips an event that commits late', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('gap');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('given a writer holding its transaction open, a later writer’s committed event stays invisible until the first commits, then both arrive once, in order', async () => {
    const gated = await commitGate(db.url);
    const slow = streamName('slow');
    const fast = streamName('fast');
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const following = (async () => {
      for await (const event of store.subscribeToAll({ after: START, signal: controller.signal })) seen.push(event);
    })();

    // Given: `slow` has written its row (taking the smaller transaction id and sequence) but not committed.
    await gated.hold();
    const slowAppend = store.append(slow, someEvents(slow, 1), { expectedRevision: 'no_stream' });
    await gated.waiting();
    // When: `fast` appends and commits meanwhile.
    await store.append(fast, someEvents(fast, 1), { expectedRevision: 'no_stream' });

    // The hazard is real: by plain sequence order, a reader now sees `fast` and would checkpoint
    // past the sequence number `slow` already holds, skipping `slow` for ever once it commits.
    const raw = await committedBySequence(db.url);
    expect(raw).toEqual([fast]);
    // Then: our log shows neither, to readers and to a live subscriber, while `slow` is open.
    expect((await store.readAll({ maxCount: 100 })).map((e) => e.streamId)).toEqual([]);
    await new Promise((r) => setTimeout(r, 700)); // longer than the polling interval
    expect(seen).toEqual([]);

    // And once `slow` commits, the subscriber receives both, each once, in log order.
    await gated.release();
    await slowAppend;
    const deadline = Date.now() + 5_000;
    while (seen.length < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, 600)); // room for a duplicate to show up, were there one
    controller.abort();
    await following;
    expect(seen.map((e) => e.streamId)).toEqual([slow, fast]);
    expect(seen[0]!.position.prepare).toBeLessThan(seen[1]!.position.prepare);
    await gated.remove();
  });

  it('given many concurrent writers, a concurrent subscriber receives exactly the log: every event once, each stream in order', async () => {
    const before = await checkpointNow(store);
    const streams = Array.from({ length: 40 }, () => streamName('stress'));
    const writers = 8;
    const appendsPerWriter = 200;
    const eventsInAppend = (i: number) => 1 + (i % 3); // single and multi-event appends
    const controller = new AbortController();
    const seen: RecordedEvent[] = [];
    const following = (async () => {
      for await (const event of store.subscribeToAll({ after: before, signal: controller.signal })) seen.push(event);
    })();

    const writer = async () => {
      for (let i = 0; i < appendsPerWriter; i++) {
        const id = streams[Math.floor(Math.random() * streams.length)]!;
        for (;;) {
          const [head] = await store.readStream(id, { direction: 'backwards', maxCount: 1 });
          try {
            await store.append(id, someEvents(id, eventsInAppend(i), head), { expectedRevision: head ? head.revision : 'no_stream' });
            break;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error; // lost the race: read again
          }
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));

    const expected = writers * Array.from({ length: appendsPerWriter }, (_, i) => eventsInAppend(i)).reduce((a, b) => a + b, 0);
    const log = (await readAllUntil(store, before, (l) => l.length >= expected, 20_000));
    const deadline = Date.now() + 20_000;
    while (seen.length < log.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await following;

    expect(log.length).toBe(expected);
    expect(seen.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
    const lastRevision = new Map<string, bigint>();
    for (const e of seen) {
      expect(e.revision).toBe((lastRevision.get(e.streamId) ?? -1n) + 1n);
      lastRevision.set(e.streamId, e.revision);
    }
  }, 120_000);
});
