import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { createTestDatabase, eventually, freePortRange, spawnEntry, waitForReady, type RunningProcess } from '@pl/testing';
import { AUDIENCE, ISSUER, paymentBody, postJson, testIssuer } from './harness';

const PAYMENTS = 120;
const CHANNELS = ['ICBC', 'CCB', 'ABC', 'BOC', 'BOCOM', 'CMB', 'SPDB', 'CITIC', 'WECHAT_PAY', 'ALIPAY', 'UNIONPAY'];
const TERMINAL = ['rejected', 'settled', 'declined', 'expired'];

/**
 * The embedded platform (`npm start`: one process, the in-process bus) killed with SIGKILL while
 * payments are on their way, then started again on the same database: every payment it
 * acknowledged reaches a terminal status, none is settled twice, none charged twice. The
 * in-process bus dies with the process; what its consumers had not handled must be published again
 * after the restart. The sandbox bank dies with it too: it holds its callbacks back here, so some
 * orders are surely accepted at the bank and unanswered at the kill, and only its journal (in the
 * platform's database) lets the status queries after the restart find them.
 */
describe('the embedded platform killed mid-flight loses no acknowledged payment', () => {
  let db: { url: string; drop(): Promise<void> };
  let pg: Client;
  let platform: RunningProcess | undefined;
  let env: Record<string, string>;
  let intakeUrl: string;
  let sandboxUrl: string;
  let auth: Record<string, string>;

  const start = async () => {
    platform = spawnEntry('apps/platform/src/main.ts', env);
    await waitForReady(`${intakeUrl}/health/ready`, platform, 120_000);
  };
  const notTerminal = async (ids: string[]) => {
    const { rows } = await pg.query<{ payment_id: string }>(
      `SELECT id AS payment_id FROM unnest($1::text[]) AS ids(id)
       WHERE NOT EXISTS (SELECT 1 FROM payments_v1 p WHERE p.payment_id = ids.id::uuid AND p.status = ANY($2::text[]))`,
      [ids, TERMINAL],
    );
    return rows.map((r) => r.payment_id);
  };

  const acceptedAtTheBank = async () => Number((await pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM connector_pending WHERE answer = 'accepted'`)).rows[0]!.n);
  /** Each payment's event types and its projected status, for the failure message. */
  const historyOf = async (ids: string[]) => {
    const { rows } = await pg.query<{ id: string; types: string; status: string | null }>(
      `SELECT ids.id, (SELECT string_agg(e.type, ' > ' ORDER BY e.revision) FROM es_events e WHERE e.stream_id = 'payment-' || ids.id) AS types,
              (SELECT p.status FROM payments_v1 p WHERE p.payment_id = ids.id::uuid) AS status
       FROM unnest($1::text[]) AS ids(id)`,
      [ids],
    );
    return rows.map((r) => `${r.id} [${r.types ?? 'no events'}] projected ${r.status ?? 'nothing'}`).join('; ');
  };

  beforeAll(async () => {
    db = await createTestDatabase('embedded_kill');
    pg = new Client({ connectionString: db.url });
    await pg.connect();
    const issuer = await testIssuer();
    auth = { authorization: `Bearer ${await issuer.token(['payments:write', 'payments:read'])}` };
    const base = await freePortRange(7);
    intakeUrl = `http://127.0.0.1:${base}`;
    sandboxUrl = `http://127.0.0.1:${base + 6}`;
    env = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS: issuer.jwksJson, DATABASE_URL: db.url, BASE_PORT: String(base), LOG_LEVEL: 'warn', SANDBOX_ADMIN: '1' };
    await start();
    // Before the kill only: the sandbox started again after it behaves as a default bank.
    for (const channel of CHANNELS) {
      const res = await fetch(`${sandboxUrl}/sandbox/channels/${channel}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ callback: { mode: 'late', delayMs: 2_000 } }),
      });
      expect(res.status).toBe(200);
    }
  }, 150_000);

  afterAll(async () => {
    await platform?.stop();
    await pg?.end();
    await db?.drop();
  });

  it('given payments on their way, when the process is killed and started again, then every one it acknowledged ends', async () => {
    const run = randomUUID().slice(0, 8);
    const ids: string[] = [];
    // Ten at a time, each its own payer and order (the risk rules rightly stop bursts from one payer).
    for (let i = 0; i < PAYMENTS; i += 10) {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          postJson(`${intakeUrl}/v1/payments`, paymentBody({ payer: { id: `kill-${run}-${i + j}` }, orderReference: `KILL-${run}-${i + j}` }), {
            ...auth,
            'idempotency-key': `kill-${run}-${i + j}`,
          }),
        ),
      );
      for (const answer of answers) {
        expect(answer.status).toBe(201);
        ids.push(answer.body.id as string);
      }
    }
    await eventually(async () => ((await acceptedAtTheBank()) > 0 ? true : undefined), 30_000, 'an order accepted at the bank');
    await platform!.kill();
    // The kill came while payments were still on their way, some at the bank, or this test would prove nothing.
    expect((await notTerminal(ids)).length).toBeGreaterThan(0);
    expect(await acceptedAtTheBank()).toBeGreaterThan(0);

    await start();
    await eventually(
      async () => {
        const stuck = await notTerminal(ids);
        if (stuck.length === 0) return true;
        throw new Error(`${stuck.length} not terminal; the first: ${await historyOf(stuck.slice(0, 3))}`);
      },
      150_000,
      'every acknowledged payment terminal after the restart',
    );

    const settledTwice = await pg.query(`SELECT stream_id FROM es_events WHERE type = 'PaymentSettled' GROUP BY stream_id HAVING count(*) > 1`);
    expect(settledTwice.rows).toEqual([]);
    const requested = await pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE type = 'PaymentRequested' AND stream_id = ANY($1::text[])`, [
      ids.map((id) => `payment-${id}`),
    ]);
    expect(Number(requested.rows[0]!.n)).toBe(PAYMENTS);
    // Every settled payment charged exactly once at the bank (its books came back from the journal).
    const charges = new Map<string, number>();
    for (const channel of CHANNELS) {
      const records = (await (await fetch(`${sandboxUrl}/sandbox/channels/${channel}/payments`)).json()) as Array<{ paymentId: string; outcome: string }>;
      for (const r of records) if (r.outcome === 'authorized') charges.set(r.paymentId, (charges.get(r.paymentId) ?? 0) + 1);
    }
    const { rows: settled } = await pg.query<{ payment_id: string }>(`SELECT payment_id::text FROM payments_v1 WHERE status = 'settled' AND payment_id = ANY($1::uuid[])`, [ids]);
    expect(settled.length).toBeGreaterThan(0);
    expect(settled.filter((r) => charges.get(r.payment_id) !== 1)).toEqual([]);
    expect([...charges.values()].filter((n) => n > 1)).toEqual([]);
  }, 300_000);
});
