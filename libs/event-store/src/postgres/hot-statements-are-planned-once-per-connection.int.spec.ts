import { Pool } from 'pg';
import { createTestDatabase } from '@pl/testing';
import { someEvents, streamName } from '../contract/fixtures';
import { PostgresEventStore } from './postgres-event-store';
import { prepared } from './prepared';

describe("the event store's hot statements are prepared: planned once per connection, not on every call", () => {
  let db: { url: string; drop(): Promise<void> };
  /** One connection, so that what the store prepared is what this session shows. */
  let pool: Pool;
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('prepared');
    pool = new Pool({ connectionString: db.url, max: 1 });
    store = new PostgresEventStore(pool);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await pool.end().catch(() => undefined);
    await db.drop();
  });

  const preparedHere = async () =>
    (await pool.query<{ statement: string }>("SELECT statement FROM pg_prepared_statements WHERE name LIKE 'pl\\_%' ORDER BY statement")).rows.map((r) => r.statement);

  it('given appends, stream reads and reads of the global log, each done three times, then each statement is prepared once on the connection and every call still returns what was written', async () => {
    const ids = [streamName('prep'), streamName('prep'), streamName('prep')];
    for (const id of ids) await store.append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
    for (const id of ids) expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0n, 1n]);
    const pages = [await store.readAll(), await store.readAll(), await store.readAll()];

    expect(pages.map((page) => page.length)).toEqual([6, 6, 6]);
    const statements = await preparedHere();
    expect(statements.filter((s) => s.includes('FROM es_append('))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('WHERE stream_id = $1'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('ORDER BY es_events.tx, es_events.seq'))).toHaveLength(1);
    expect(statements.filter((s) => s.includes('pg_snapshot_xmax'))).toHaveLength(1);
  });

  it('given two statement texts, then each has a name of its own, the same on every call, short enough for PostgreSQL (63 bytes)', () => {
    const a = prepared('SELECT 1');
    const b = prepared('SELECT 2');
    expect(a.name).toBe(prepared('SELECT 1').name);
    expect(a.name).not.toBe(b.name);
    expect(Buffer.byteLength(a.name ?? '')).toBeLessThanOrEqual(63);
  });
});
