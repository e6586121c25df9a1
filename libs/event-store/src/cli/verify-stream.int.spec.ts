import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { Client } from 'pg';
import { createTestDatabase } from '@pl/testing';
import { someEvents, streamName } from '../contract/fixtures';
import { PostgresEventStore } from '../postgres/postgres-event-store';
import { verifyStream } from './verify-stream';

const ROOT = resolve(__dirname, '../../../..');
const runCli = (streamId: string, url: string) =>
  spawnSync(process.execPath, ['-r', '@swc-node/register', 'libs/event-store/src/cli/verify-stream.ts', streamId], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: url },
    encoding: 'utf8',
  });

describe('an auditor verifies a stream’s hash chain from the command line', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('verify');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
  });
  afterAll(async () => {
    await store.close();
    await db.drop();
  });

  it('says intact for an untouched stream, and names the revision after a row is edited in the database', async () => {
    const id = streamName('payment');
    await store.append(id, someEvents(id, 3), { expectedRevision: 'no_stream' });
    expect(await verifyStream(store, id)).toMatchObject({ exitCode: 0, verdict: { ok: true, count: 3 } });
    const intact = runCli(id, db.url);
    expect(intact.status).toBe(0);
    expect(intact.stdout).toMatch(/intact \(3 events/);

    // Someone with database access edits history.
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    await sql.query(`UPDATE es_events SET data = jsonb_set(data, '{note}', '"edited"') WHERE stream_id = $1 AND revision = 1`, [id]);
    await sql.end();

    expect(await verifyStream(store, id)).toMatchObject({ exitCode: 1, verdict: { ok: false, revision: 1n } });
    const tampered = runCli(id, db.url);
    expect(tampered.status).toBe(1);
    expect(tampered.stderr).toMatch(/TAMPERED at revision 1/);
  }, 60_000);

  it('reports a stream that does not exist', async () => {
    expect(await verifyStream(store, streamName('payment'))).toMatchObject({ exitCode: 2 });
  });
});
