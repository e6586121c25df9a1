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
}
