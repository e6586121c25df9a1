import { createTestDatabase } from '@pl/testing';
import { headOf, someEvents, streamName } from '../contract/fixtures';
import { verifyChain } from '../hash-chain';
import { WrongExpectedRevisionError } from '../port';
import { PostgresEventStore } from './postgres-event-store';

describe('writers racing on one PostgreSQL stream never fork it', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('race');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('given 10 writers appending with exact revisions, when they race, then exactly one wins each revision and the stream has no gaps', async () => {
    const id = streamName('race');
    let wins = 0;
    let conflicts = 0;
    await Promise.all(
      Array.from({ length: 10 }, async () => {
        for (let i = 0; i < 15; i++) {
          const head = await headOf(store, id);
          try {
            await store.append(id, someEvents(id, 1 + (i % 2), head), { expectedRevision: head ? head.revision : 'no_stream' });
            wins++;
          } catch (error) {
            if (!(error instanceof WrongExpectedRevisionError)) throw error;
            conflicts++;
          }
        }
      }),
    );
    const stream = await store.readStream(id);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(wins + conflicts).toBe(150);
    expect(conflicts).toBeGreaterThan(0); // the race really happened
    // Every winner chained from the head it read: had two won the same revision, the chain would break.
    expect(verifyChain(stream)).toEqual({ ok: true, count: stream.length });
  }, 60_000);
});
