import { Client, Pool } from 'pg';
import { createTestDatabase } from '@pl/testing';
import { someEvents, streamName } from '../contract/fixtures';
import { eventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

eventStoreContract('postgres', async () => {
  const db = await createTestDatabase('es');
  const store = new PostgresEventStore(db.url);
  await store.ensureSchema();
  await store.ensureSchema(); // idempotent: a second start finds the schema in place
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});

describe('PostgreSQL adapter specifics', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => (db = await createTestDatabase('es_pg')));
  afterAll(async () => db.drop());

  it('given replicas starting together, when each ensures the schema, then none fails (advisory lock)', async () => {
    const stores = Array.from({ length: 4 }, () => new PostgresEventStore(db.url));
    await Promise.all(stores.map((s) => s.ensureSchema()));
    await Promise.all(stores.map((s) => s.close()));
  });

  it('keeps revisions beyond 2^53 exact: bigint columns never pass through a JS number', async () => {
    const store = new PostgresEventStore(db.url);
    await store.ensureSchema();
    const id = streamName('big');
    const huge = 2n ** 53n + 1n; // not representable as a number
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query('INSERT INTO es_streams (stream_id, revision) VALUES ($1, $2)', [id, huge.toString()]);
    await sql.end();
    const result = await store.append(id, someEvents(id, 2), { expectedRevision: huge });
    expect(result.nextExpectedRevision).toBe(huge + 2n);
    expect((await store.readStream(id)).map((e) => e.revision)).toEqual([huge + 1n, huge + 2n]);
    await expect(store.readStream(id, { fromRevision: huge + 2n })).resolves.toHaveLength(1);
    await store.close();
  });

  it('uses a pool it is given without ending it on close', async () => {
    const pool = new Pool({ connectionString: db.url, max: 2 });
    const store = new PostgresEventStore(pool);
    await store.ping();
    await store.close();
    await expect(pool.query('SELECT 1')).resolves.toBeDefined();
    await pool.end();
  });
});
