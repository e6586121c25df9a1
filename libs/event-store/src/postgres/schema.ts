import type { Pool } from 'pg';

/*
 * How the global log stays gap-free for subscribers.
 *
 * Every event row records the id (xid8, pg_current_xact_id()) of the transaction that wrote it, and
 * a sequence value. The log is ordered by (tx, seq); a Position is {commit: tx, prepare: seq}.
 * Sequences alone are not enough: a transaction can take seq 10, commit late, and a reader that
 * already passed seq 11 would skip it for ever. So readers see only rows whose tx is below a bound
 * under which every transaction has ended: pg_snapshot_xmin(pg_current_snapshot()) would do, and
 * visibility.ts computes a sharper one that only in-flight APPENDS lower (with its trade-off).
 * Every later writer gets a larger id, so nothing can appear behind a position a reader passed.
 *
 * Within a stream, tx order must match revision order. Appends serialize per stream on an
 * advisory lock taken BEFORE their first write (which is what assigns the transaction id), so the
 * next writer of a stream obtains its id only after the previous one committed. A row lock
 * (SELECT ... FOR UPDATE) would assign the id first, and two writers could get ids in one order
 * and the lock in the other.
 *
 * Consequence for callers: readStream reads its own writes at once; readAll and subscriptions see
 * an append once every append that took an id before it has ended.
 */
const DDL = `
CREATE TABLE IF NOT EXISTS es_streams (
  stream_id   text PRIMARY KEY,
  revision    bigint NOT NULL,   -- -1: metadata only, no events yet
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
  CONSTRAINT es_events_stream_revision UNIQUE (stream_id, revision),
  CONSTRAINT es_events_event_id UNIQUE (event_id)
);
`;

/** Arbitrary, fixed keys for the advisory locks (DDL, per-stream appends; visibility.ts has the third). */
export const SCHEMA_LOCK = 727274;
export const STREAM_LOCK_SEED = 7272;

export const NOTIFY_CHANNEL = 'es_events_appended';

/** Idempotent; the advisory lock keeps replicas that start together from racing on the DDL. */
export async function ensureEventStoreSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${SCHEMA_LOCK})`);
    try {
      await client.query(DDL);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${SCHEMA_LOCK})`);
    }
  } finally {
    client.release();
  }
}
