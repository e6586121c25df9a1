import { Pool, type PoolClient } from 'pg';
import { createTestDatabase } from '@pl/testing';
import { someEvents, streamName, take } from '../contract/fixtures';
import { START, WrongExpectedRevisionError, type RecordedEvent } from '../port';
import { PostgresEventStore } from './postgres-event-store';

/** A pool whose COMMITs wait at a gate: a writer that is slow to commit, through the real append code. */
function gatedPool(url: string): { pool: Pool; hold(): void; release(): void; waiting(): Promise<void> } {
  const pool = new Pool({ connectionString: url, max: 2 });
  let gate: Promise<void> | undefined;
  let open = () => undefined as void;
  let reached = () => undefined as void;
  const reachedGate = new Promise<void>((r) => (reached = r));
  const connect = pool.connect.bind(pool) as () => Promise<PoolClient>;
  (pool as unknown as { connect: () => Promise<PoolClient> }).connect = async () => {
    const client = await connect();
    const query = client.query.bind(client) as (text: string, values?: unknown[]) => Promise<unknown>;
    (client as unknown as { query: typeof query }).query = async (text: string, values?: unknown[]) => {
      if (text === 'COMMIT' && gate) {
        reached();
        await gate;
      }
      return query(text, values);
    };
    return client;
  };
  return {
    pool,
    hold: () => void (gate = new Promise<void>((r) => (open = r))),
    release: () => {
      open();
      gate = undefined;
    },
    waiting: () => reachedGate,
  };
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

  it('given a writer holding its transaction open, a later writer’s committed event stays invisible until the first commits', async () => {
    const gated = gatedPool(db.url);
    const slowStore = new PostgresEventStore(gated.pool);
    const slow = streamName('slow');
    const fast = streamName('fast');

    gated.hold();
    const slowAppend = slowStore.append(slow, someEvents(slow, 1), { expectedRevision: 'no_stream' });
    await gated.waiting(); // its row is written, its transaction id taken, its COMMIT not yet sent
    await store.append(fast, someEvents(fast, 1), { expectedRevision: 'no_stream' }); // committed

    const visibleNow = (await store.readAll({ maxCount: 100 })).map((e) => e.streamId);
    expect(visibleNow).not.toContain(fast); // a reader that saw it now would later skip `slow`
    expect(visibleNow).not.toContain(slow);

    const controller = new AbortController();
    const received = take(store.subscribeToAll({ after: START, signal: controller.signal }), 2, controller);
    await new Promise((r) => setTimeout(r, 300));
    gated.release();
    await slowAppend;
    const events = await received;
    expect(events.map((e) => e.streamId)).toEqual([slow, fast]);
    await gated.pool.end();
  });

  it('given many concurrent writers, a concurrent subscriber receives exactly the log: every event once, each stream in order', async () => {
    const before = (await store.readAll({ maxCount: 100_000 })).at(-1)?.position ?? START;
    const streams = Array.from({ length: 40 }, () => streamName('stress'));
    const writers = 8;
    const appendsPerWriter = 120;
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
            await store.append(id, someEvents(id, 1 + (i % 3), head), { expectedRevision: head ? head.revision : 'no_stream' });
            break;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error; // lost the race: read again
          }
        }
      }
    };
    await Promise.all(Array.from({ length: writers }, writer));

    const log = await store.readAll({ after: before, maxCount: 100_000 });
    const deadline = Date.now() + 20_000;
    while (seen.length < log.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    controller.abort();
    await following;

    expect(log.length).toBe(writers * appendsPerWriter * 2); // 1, 2, 3 events per append: 2 on average
    expect(seen.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    expect(new Set(seen.map((e) => e.eventId)).size).toBe(seen.length);
    const lastRevision = new Map<string, bigint>();
    for (const e of seen) {
      expect(e.revision).toBe((lastRevision.get(e.streamId) ?? -1n) + 1n);
      lastRevision.set(e.streamId, e.revision);
    }
  }, 120_000);

  it('given writers racing on one stream with exact revisions, exactly one wins each revision and the stream has no gaps', async () => {
    const id = streamName('race');
    let wins = 0;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 15; i++) {
          const [head] = await store.readStream(id, { direction: 'backwards', maxCount: 1 });
          try {
            await store.append(id, someEvents(id, 1, head), { expectedRevision: head ? head.revision : 'no_stream' });
            wins++;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
            conflicts++;
          }
        }
      }),
    );
    const stream = await store.readStream(id);
    expect(stream.length).toBe(wins);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(wins + conflicts).toBe(150);
    expect(conflicts).toBeGreaterThan(0); // the race really happened
  }, 60_000);
});
