import type { Pool } from 'pg';

/**
 * The global log is ordered by (tx, seq): tx is the writing transaction's id (xid8), seq a
 * sequence taken inside it. Readers see only rows below the oldest append still in flight (see
 * visibility.ts), so an event a slow transaction commits late is never skipped: until that append
 * ends, nothing after it is visible either. The cost: a long-running append delays subscribers
 * until it ends; writers are never delayed.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id   text PRIMARY KEY,
  revision    bigint NOT NULL,
  metadata    jsonb
);
CREATE TABLE IF NOT EXISTS es_events (
  tx          xid8 NOT NULL DEFAULT pg_current_xact_id(),
  seq         bigint GENERATED ALWAYS AS IDENTITY,
  stream_id   text NOT NULL,
  revision    bigint NOT NULL,
  event_id    uuid NOT NULL,
  type        text NOT NULL,
  data        jsonb NOT NULL,
  metadata    jsonb NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tx, seq),
  UNIQUE (stream_id, revision),
  UNIQUE (event_id)
);
`;

/** Idempotent; an advisory lock keeps replicas that start together from racing on DDL. */
export async function ensureEventStoreSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock(727274)');
    try {
      await client.query(DDL);
    } finally {
      await client.query('SELECT pg_advisory_unlock(727274)');
    }
  } finally {
    client.release();
  }
}

export const NOTIFY_CHANNEL = 'es_events_appended';
