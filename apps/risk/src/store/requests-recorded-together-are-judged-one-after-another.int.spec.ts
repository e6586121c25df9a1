import { money } from '@pl/domain';
import { createTestDatabase } from '@pl/testing';
import { Pool } from 'pg';
import { RiskRequests, type RecordedRequest } from './risk-requests';
import { ensureRiskSchema } from './risk-schema';

/** The real pool, counting the statements sent through it since the last `reset`. */
function counting(pool: Pool): { sent: () => number; reset: () => void } {
  let sent = 0;
  const query = pool.query.bind(pool) as (...args: unknown[]) => unknown;
  pool.query = ((...args: unknown[]) => {
    sent += 1;
    return query(...args);
  }) as Pool['query'];
  return { sent: () => sent, reset: () => void (sent = 0) };
}

const WINDOW_MS = 180_000;
const request = (paymentId: string, payerId: string, second: number, amountMinor = 10_000n): RecordedRequest => ({
  paymentId,
  payerId,
  payeeId: 'merchant-1',
  amount: money(amountMinor, 'CNY'),
  currency: 'CNY',
  orderReference: `ORD-${paymentId}`,
  requestedAt: new Date(Date.UTC(2026, 11, 7, 10, 0, second)).toISOString(),
});

/**
 * Requests that reach risk together (the relay hands it a bunch of PaymentRequested events) are
 * recorded in one statement, and each is judged exactly as if they had come one after another in
 * the order they were made: it sees the payer's requests before it, never those after it.
 */
describe('requests recorded together are judged one after another', () => {
  let pool: Pool;
  let statements: ReturnType<typeof counting>;
  let drop: () => Promise<void>;
  let requests: RiskRequests;

  beforeAll(async () => {
    const db = await createTestDatabase('risk_together');
    drop = db.drop;
    pool = new Pool({ connectionString: db.url, max: 4 });
    await ensureRiskSchema(pool);
    statements = counting(pool);
    requests = new RiskRequests(pool);
  });
  afterAll(async () => {
    await pool.end();
    await drop();
  });

  it("gives each of seventeen identical requests the payer's earlier ones, in fewer statements than requests", async () => {
    statements.reset();
    const burst = Array.from({ length: 17 }, (_, k) => request(`burst-${k}`, 'cust-burst', k));
    const others = Array.from({ length: 3 }, (_, k) => request(`other-${k}`, `cust-other-${k}`, k));
    const facts = await Promise.all([...burst, ...others].map((r) => requests.recordAndRead(r, WINDOW_MS)));

    expect(statements.sent()).toBeLessThanOrEqual(2);
    facts.slice(0, 17).forEach((f, k) => {
      expect(f.payerListed).toBe(false);
      expect(f.priorFromPayer.map((p) => p.paymentId)).toEqual(burst.slice(0, k).map((r) => r.paymentId));
    });
    expect(facts[16]!.priorFromPayer[0]).toEqual({ paymentId: 'burst-0', payeeId: 'merchant-1', amount: money(10_000n, 'CNY'), orderReference: 'ORD-burst-0', requestedAt: burst[0]!.requestedAt });
    for (const f of facts.slice(17)) expect(f).toEqual({ payerListed: false, priorFromPayer: [] });
  });

  it('judges a redelivery in the same bunch by its first facts, and sees a listing by any other payment', async () => {
    await pool.query("INSERT INTO risk_blocklist (payer_id, reason, listed_at, listed_by, payment_id) VALUES ('cust-listed', 'test', now(), 'risk', 'listing-payment'), ('cust-self', 'test', now(), 'risk', 'self-1')");
    const first = request('redelivered-1', 'cust-redelivered', 1, 700n);
    const [a, b, c, listed, self] = await Promise.all([
      requests.recordAndRead(request('redelivered-0', 'cust-redelivered', 0), WINDOW_MS),
      requests.recordAndRead(first, WINDOW_MS),
      requests.recordAndRead(first, WINDOW_MS),
      requests.recordAndRead(request('listed-1', 'cust-listed', 0), WINDOW_MS),
      requests.recordAndRead(request('self-1', 'cust-self', 0), WINDOW_MS),
    ]);
    expect(a.priorFromPayer).toEqual([]);
    expect(b.priorFromPayer.map((p) => p.paymentId)).toEqual(['redelivered-0']);
    expect(c).toEqual(b);
    expect(listed.payerListed).toBe(true);
    // Listed by this very payment (before a crash): a redelivery is judged as the first delivery was.
    expect(self.payerListed).toBe(false);
    const { rows } = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM risk_requests WHERE payer_id = 'cust-redelivered'");
    expect(rows[0]!.n).toBe('2');
  });

  it('never deadlocks when statements in flight together share payers in opposite orders', async () => {
    // Two slots: the first half of the bunch goes in one statement, the second in the other, and
    // their payers come in opposite orders.
    const payers = Array.from({ length: 10 }, (_, k) => `cust-shared-${k}`);
    const bunch = [...payers, ...[...payers].reverse()].map((payer, k) => request(`shared-${k}`, payer, k));
    for (let round = 0; round < 5; round += 1) {
      const facts = await Promise.all(bunch.map((r) => requests.recordAndRead({ ...r, paymentId: `${r.paymentId}-${round}` }, WINDOW_MS)));
      expect(facts).toHaveLength(20);
    }
    const { rows } = await pool.query<{ n: string }>("SELECT count(*)::text AS n FROM risk_requests WHERE payer_id LIKE 'cust-shared-%'");
    expect(rows[0]!.n).toBe('100');
  });
});
