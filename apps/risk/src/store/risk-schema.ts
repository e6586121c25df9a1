import type { Pool } from 'pg';

/**
 * Risk's own tables, beside the event store in the same PostgreSQL (prefixed `risk_`).
 * They hold derived facts (who asked for what, who is listed), not the decisions: those are events.
 */
export async function ensureRiskSchema(pool: Pool): Promise<void> {
  await pool.query(`
    CREATE TABLE IF NOT EXISTS risk_requests (
      payment_id      text        PRIMARY KEY,
      -- Arrival order at risk: a request is judged against those that arrived before it, so a
      -- redelivery sees the same facts as the first delivery did.
      seq             bigserial   NOT NULL UNIQUE,
      payer_id        text        NOT NULL,
      payee_id        text        NOT NULL,
      amount_minor    numeric(20) NOT NULL,
      currency        text        NOT NULL,
      order_reference text        NOT NULL,
      requested_at    timestamptz NOT NULL
    )`);
  await pool.query('CREATE INDEX IF NOT EXISTS risk_requests_payer_time ON risk_requests (payer_id, requested_at)');
  await pool.query(`
    CREATE TABLE IF NOT EXISTS risk_blocklist (
      payer_id   text        PRIMARY KEY,
      reason     text        NOT NULL,
      listed_at  timestamptz NOT NULL,
      listed_by  text        NOT NULL,
      -- The payment whose assessment listed the payer; null when a person listed them.
      payment_id text
    )`);
  // One round trip for a bunch of requests instead of six per request (BEGIN, lock, insert, select,
  // the blocklist, COMMIT): the payers' locks, the inserts, the reads of the earlier requests and of
  // the payers' listings in one statement's transaction. Replaced under a lock of its own: two
  // replicas starting together must not collide. The one-request functions of earlier releases stay
  // (risk_record_and_read, now a call of the bunch's; risk_record_request, without the listing, left
  // where an earlier release created it): during a rolling deploy those releases' replicas still
  // call them, on tables this release leaves as they were. A later release may drop them.
  await pool.query(`
    DO $$ BEGIN
      PERFORM pg_advisory_xact_lock(hashtext('risk_schema'));
      -- A bunch of requests at once (RiskRequests coalesces the calls made together), one after
      -- another in the order given, so each sees those before it as if they had come singly. Every
      -- payer's lock is taken first, in one order for every caller: statements sharing payers wait
      -- for each other, never in a circle.
      CREATE OR REPLACE FUNCTION risk_record_and_read_many(
        p_payment_ids text[], p_payer_ids text[], p_payee_ids text[], p_amounts numeric[], p_currencies text[],
        p_order_references text[], p_requested_ats timestamptz[], p_window_ms double precision[])
      RETURNS TABLE (i integer, payer_listed boolean, prior jsonb)
      LANGUAGE plpgsql AS $f$
      DECLARE
        payer_lock integer;
      BEGIN
        FOR payer_lock IN SELECT DISTINCT hashtext(x) FROM unnest(p_payer_ids) AS x ORDER BY 1 LOOP
          PERFORM pg_advisory_xact_lock(hashtext('risk_requests'), payer_lock);
        END LOOP;
        FOR k IN 1 .. coalesce(array_length(p_payment_ids, 1), 0) LOOP
          INSERT INTO risk_requests AS r (payment_id, payer_id, payee_id, amount_minor, currency, order_reference, requested_at)
          VALUES (p_payment_ids[k], p_payer_ids[k], p_payee_ids[k], p_amounts[k], p_currencies[k], p_order_references[k], p_requested_ats[k])
          ON CONFLICT ON CONSTRAINT risk_requests_pkey DO NOTHING;
          i := k;
          SELECT
            EXISTS (SELECT 1 FROM risk_blocklist b WHERE b.payer_id = p_payer_ids[k] AND b.payment_id IS DISTINCT FROM p_payment_ids[k]),
            COALESCE((
              SELECT jsonb_agg(jsonb_build_object('payment_id', p.payment_id, 'payee_id', p.payee_id, 'amount_minor', p.amount_minor::text,
                                                  'currency', p.currency, 'order_reference', p.order_reference, 'requested_at', p.requested_at) ORDER BY p.seq)
                FROM risk_requests p, risk_requests me
               WHERE me.payment_id = p_payment_ids[k] AND p.payer_id = me.payer_id AND p.seq < me.seq
                 AND p.requested_at BETWEEN me.requested_at - make_interval(secs => p_window_ms[k] / 1000)
                                        AND me.requested_at + make_interval(secs => p_window_ms[k] / 1000)), '[]'::jsonb)
            INTO payer_listed, prior;
          RETURN NEXT;
        END LOOP;
      END $f$;
      -- One request: what the previous release's replicas call (and RiskRequests did before the bunches).
      CREATE OR REPLACE FUNCTION risk_record_and_read(
        p_payment_id text, p_payer_id text, p_payee_id text, p_amount numeric, p_currency text,
        p_order_reference text, p_requested_at timestamptz, p_window_ms double precision)
      RETURNS TABLE (payer_listed boolean, prior jsonb)
      LANGUAGE sql AS $f$
        SELECT m.payer_listed, m.prior FROM risk_record_and_read_many(
          ARRAY[p_payment_id], ARRAY[p_payer_id], ARRAY[p_payee_id], ARRAY[p_amount], ARRAY[p_currency],
          ARRAY[p_order_reference], ARRAY[p_requested_at], ARRAY[p_window_ms]) AS m
      $f$;
    END $$`);
}
