import type { Pool } from 'pg';
import { APPEND_LOCK } from './visibility';

/** Arbitrary, fixed keys for the advisory locks (DDL, per-stream appends; visibility.ts has the third). */
export const SCHEMA_LOCK = 727274;
export const STREAM_LOCK_SEED = 7272;

export const NOTIFY_CHANNEL = 'es_events_appended';

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

/**
 * The body of one append, for callers that already hold its locks (es_append, es_append_batch):
 * the shared APPEND_LOCK and the stream's own, both taken before the first write, i.e. before the
 * transaction has an id. Expected revision: 'any' | 'no_stream' | 'stream_exists' | a revision in
 * digits; on a mismatch nothing is written and the row says 'conflict' with the current revision
 * (NULL: no stream), for the caller to tell a retry of this very append from a real conflict. A
 * duplicate event id raises 23505.
 */
const APPEND_HELD_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append_held(p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (outcome text, current_revision text, last_revision text, tx text, seq text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_current bigint;
  v_last bigint;
  v_seq bigint;
BEGIN
  SELECT s.revision INTO v_current FROM es_streams s WHERE s.stream_id = p_stream;
  IF v_current < 0 THEN v_current := NULL; END IF;  -- metadata only: no stream yet
  IF NOT (p_expected = 'any'
          OR (p_expected = 'no_stream' AND v_current IS NULL)
          OR (p_expected = 'stream_exists' AND v_current IS NOT NULL)
          OR (p_expected ~ '^-?[0-9]+$' AND v_current IS NOT NULL AND v_current = p_expected::bigint)) THEN
    RETURN QUERY SELECT 'conflict'::text, v_current::text, NULL::text, NULL::text, NULL::text;
    RETURN;
  END IF;
  v_last := coalesce(v_current, -1) + cardinality(p_ids);
  INSERT INTO es_streams AS s (stream_id, revision) VALUES (p_stream, v_last)
    ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision;
  WITH inserted AS (
    INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
    SELECT p_stream, coalesce(v_current, -1) + e.i, e.event_id, e.type, e.data, e.metadata
    FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS e(event_id, type, data, metadata, i)
    ORDER BY e.i
    RETURNING es_events.seq
  )
  SELECT max(inserted.seq) INTO v_seq FROM inserted;
  RETURN QUERY SELECT 'appended'::text, v_current::text, v_last::text, pg_current_xact_id()::text, v_seq::text;
END
$fn$;
`;

/**
 * One append in one call (see append.ts), inside the caller's transaction: the shared APPEND_LOCK
 * marks an append in flight for readers (visibility.ts), the per-stream one serializes the stream,
 * then es_append_held writes. No NOTIFY in here: a transaction that notifies holds a database-wide
 * lock through its commit's WAL flush, which serializes every committing append (no group commit);
 * see notifier.ts.
 */
const APPEND_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append(p_stream text, p_expected text, p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (outcome text, current_revision text, last_revision text, tx text, seq text)
LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(${APPEND_LOCK.classId}, ${APPEND_LOCK.objId});
  PERFORM pg_advisory_xact_lock(hashtextextended(p_stream, ${STREAM_LOCK_SEED}));
  RETURN QUERY SELECT * FROM es_append_held(p_stream, p_expected, p_ids, p_types, p_data, p_metadata);
END
$fn$;
`;

/**
 * Several appends to different streams (or the same one, in order) in ONE statement and ONE
 * transaction: group commit across streams (append-batcher.ts says when it is used). Every stream
 * lock is taken before the first write, in key order, so the transaction id comes after all of
 * them (the global log's order, see above) and two batches can never deadlock. Then each append is
 * es_append_held on its own: its expected revision is checked against the stream as the appends
 * before it in the batch left it, and a mismatch writes nothing FOR THAT APPEND and returns
 * 'conflict' for it while the others land. Append n has p_counts[n] events, at the next
 * p_counts[n] positions of the event arrays. A duplicate event id raises 23505 and rolls back the
 * whole batch: the caller then appends each on its own.
 */
const APPEND_BATCH_FUNCTION = `
CREATE OR REPLACE FUNCTION es_append_batch(p_streams text[], p_expected text[], p_counts int[], p_ids uuid[], p_types text[], p_data jsonb[], p_metadata jsonb[])
RETURNS TABLE (i int, outcome text, current_revision text, last_revision text, tx text, seq text)
LANGUAGE plpgsql AS $fn$
DECLARE
  v_key bigint;
  v_from int := 1;
  v_to int;
BEGIN
  PERFORM pg_advisory_xact_lock_shared(${APPEND_LOCK.classId}, ${APPEND_LOCK.objId});
  FOR v_key IN SELECT DISTINCT hashtextextended(s, ${STREAM_LOCK_SEED}) FROM unnest(p_streams) AS s ORDER BY 1 LOOP
    PERFORM pg_advisory_xact_lock(v_key);
  END LOOP;
  FOR n IN 1 .. cardinality(p_streams) LOOP
    v_to := v_from + p_counts[n] - 1;
    RETURN QUERY SELECT n, h.* FROM es_append_held(p_streams[n], p_expected[n], p_ids[v_from:v_to], p_types[v_from:v_to], p_data[v_from:v_to], p_metadata[v_from:v_to]) AS h;
    v_from := v_to + 1;
  END LOOP;
END
$fn$;
`;

/** Idempotent; the advisory lock keeps replicas that start together from racing on the DDL. */
export async function ensureEventStoreSchema(pool: Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query(`SELECT pg_advisory_lock(${SCHEMA_LOCK})`);
    try {
      await client.query(DDL);
      await client.query(APPEND_HELD_FUNCTION);
      await client.query(APPEND_FUNCTION);
      await client.query(APPEND_BATCH_FUNCTION);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${SCHEMA_LOCK})`);
    }
  } finally {
    client.release();
  }
}
