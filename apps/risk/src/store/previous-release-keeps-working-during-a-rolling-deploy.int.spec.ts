import { money } from '@pl/domain';
import { createTestDatabase } from '@pl/testing';
import { Pool } from 'pg';
import { RiskRequests } from './risk-requests';
import { ensureRiskSchema } from './risk-schema';

/**
 * The statement the previous release's replicas call, exactly as that release created it
 * (risk-schema.ts before risk_record_and_read replaced it).
 */
const PREVIOUS_RELEASE_FUNCTION = `
  CREATE OR REPLACE FUNCTION risk_record_request(
    p_payment_id text, p_payer_id text, p_payee_id text, p_amount numeric, p_currency text,
    p_order_reference text, p_requested_at timestamptz, p_window_ms double precision)
  RETURNS TABLE (payment_id text, payee_id text, amount_minor text, currency text, order_reference text, requested_at timestamptz)
  LANGUAGE plpgsql AS $f$
  BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('risk_requests'), hashtext(p_payer_id));
    INSERT INTO risk_requests AS r (payment_id, payer_id, payee_id, amount_minor, currency, order_reference, requested_at)
    VALUES (p_payment_id, p_payer_id, p_payee_id, p_amount, p_currency, p_order_reference, p_requested_at)
    ON CONFLICT ON CONSTRAINT risk_requests_pkey DO NOTHING;
    RETURN QUERY
      SELECT p.payment_id, p.payee_id, p.amount_minor::text, p.currency, p.order_reference, p.requested_at
        FROM risk_requests p, risk_requests me
       WHERE me.payment_id = p_payment_id AND p.payer_id = me.payer_id AND p.seq < me.seq
         AND p.requested_at BETWEEN me.requested_at - make_interval(secs => p_window_ms / 1000)
                                AND me.requested_at + make_interval(secs => p_window_ms / 1000)
       ORDER BY p.seq;
  END $f$`;

/**
 * A rolling deploy runs both releases side by side: given a database the previous release set up,
 * when a replica of this release starts (ensureRiskSchema), then the previous release's replicas
 * still record and read requests, and both releases see each other's.
 */
describe('the previous release keeps working during a rolling deploy', () => {
  let pool: Pool;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    const db = await createTestDatabase('risk_rolling');
    drop = db.drop;
    pool = new Pool({ connectionString: db.url, max: 2 });
  });
  afterAll(async () => {
    await pool.end();
    await drop();
  });

  it("leaves the previous release's statement in place, on tables both releases share", async () => {
    await ensureRiskSchema(pool);
    await pool.query(PREVIOUS_RELEASE_FUNCTION);
    // This release starts beside it (twice: two replicas).
    await Promise.all([ensureRiskSchema(pool), ensureRiskSchema(pool)]);

    const requestedAt = '2026-12-07T10:00:00.000Z';
    const ours = await new RiskRequests(pool).recordAndRead(
      { paymentId: 'pay-new', payerId: 'cust-rolling', payeeId: 'merchant-1', amount: money(12_345n, 'CNY'), currency: 'CNY', orderReference: 'ORD-NEW', requestedAt },
      60_000,
    );
    expect(ours).toEqual({ payerListed: false, priorFromPayer: [] });

    const { rows } = await pool.query<{ payment_id: string; amount_minor: string }>(
      'SELECT payment_id, amount_minor FROM risk_record_request($1, $2, $3, $4, $5, $6, $7, $8)',
      ['pay-old', 'cust-rolling', 'merchant-1', '500', 'CNY', 'ORD-OLD', '2026-12-07T10:00:01.000Z', 60_000],
    );
    expect(rows).toEqual([{ payment_id: 'pay-new', amount_minor: '12345' }]);

    const again = await new RiskRequests(pool).recordAndRead(
      { paymentId: 'pay-newer', payerId: 'cust-rolling', payeeId: 'merchant-1', amount: money(1n, 'CNY'), currency: 'CNY', orderReference: 'ORD-NEWER', requestedAt: '2026-12-07T10:00:02.000Z' },
      60_000,
    );
    expect(again.priorFromPayer.map((r) => [r.paymentId, r.amount.amountMinor])).toEqual([
      ['pay-new', 12_345n],
      ['pay-old', 500n],
    ]);

    // The one-request function of the release before this one, which its replicas still call.
    const single = await pool.query<{ payer_listed: boolean; prior: { payment_id: string }[] }>(
      'SELECT * FROM risk_record_and_read($1, $2, $3, $4, $5, $6, $7, $8)',
      ['pay-single', 'cust-rolling', 'merchant-1', '7', 'CNY', 'ORD-SINGLE', '2026-12-07T10:00:03.000Z', 60_000],
    );
    expect(single.rows.map((r) => [r.payer_listed, r.prior.map((p) => p.payment_id)])).toEqual([[false, ['pay-new', 'pay-old', 'pay-newer']]]);
  });
});
