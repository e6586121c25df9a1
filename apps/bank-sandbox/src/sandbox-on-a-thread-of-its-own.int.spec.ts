import { createServer } from 'node:net';
import { Pool } from 'pg';
import { signedHeaders } from '@pl/bank-protocol';
import { createTestDatabase, freePort } from '@pl/testing';
import { aSubmission, secretOf } from './testing/harness';
import { startSandboxThread } from './thread';

/**
 * The embedded platform runs the bank sandbox on a worker thread (thread.ts), off the main thread
 * the services share. The thread is the same bank behind the same HTTP: it signs, answers and keeps
 * its books in the database it is given; a start that fails says why (and its thread is ended);
 * close() ends it, and an end nobody asked for is reported with its cause.
 */
describe('the bank sandbox on a thread of its own', () => {
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    db = await createTestDatabase('sandbox_thread');
  });
  afterAll(() => db?.drop());

  it('answers signed bank calls over HTTP, keeps its books in the given database, and ends when closed', async () => {
    const port = await freePort();
    const thread = await startSandboxThread({ port, host: '127.0.0.1', databaseUrl: db.url });
    let closed = false;
    try {
      expect(thread.url).toBe(`http://127.0.0.1:${port}`);
      expect((await fetch(`${thread.url}/health/ready`)).status).toBe(200);
      const submission = aSubmission('http://127.0.0.1:9/cb');
      const raw = JSON.stringify(submission);
      const unsigned = await fetch(`${thread.url}/banks/CMB/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw });
      expect(unsigned.status).toBe(401);
      const answer = await fetch(`${thread.url}/banks/CMB/payments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...signedHeaders([secretOf('CMB')], raw, new Date()) },
        body: raw,
      });
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ outcome: 'accepted' });
      const pool = new Pool({ connectionString: db.url });
      try {
        const journal = await pool.query<{ n: string }>(`SELECT count(*)::text AS n FROM bank_sandbox_journal WHERE entry::text LIKE $1`, [`%${submission.idempotencyKey}%`]);
        expect(Number(journal.rows[0]!.n)).toBeGreaterThan(0);
      } finally {
        await pool.end();
      }
      await thread.close();
      closed = true;
      await expect(thread.ended).resolves.toBeUndefined();
      await expect(fetch(`${thread.url}/health/ready`)).rejects.toThrow();
    } finally {
      if (!closed) await thread.close();
    }
  });

  it('given its port taken, when it starts, then it fails with the reason', async () => {
    const taken = createServer();
    await new Promise<void>((listening) => taken.listen(0, '127.0.0.1', listening));
    const port = (taken.address() as { port: number }).port;
    try {
      await expect(startSandboxThread({ port, host: '127.0.0.1', databaseUrl: db.url })).rejects.toThrow(/the bank sandbox did not start: .*EADDRINUSE/);
    } finally {
      await new Promise<void>((done) => taken.close(() => done()));
    }
  });
});
