import type { Pool } from 'pg';

/**
 * Which part of the global log a reader may see without ever skipping a late commit.
 *
 * The log is ordered by the writing transaction's id (xid8). A reader must not pass an event while
 * an APPEND with a smaller transaction id is still running, or that append's events, committed
 * later, would land behind the reader. Every append first takes a shared advisory lock
 * (APPEND_LOCK) and only then writes, so for a snapshot taken at t0 and a look at t1 >= t0:
 *  - an append with an id below xmax(t0) got it before t0 (ids are handed out in order and xmax is
 *    one past the newest completed id), so if it is still running at t1 its backend holds the
 *    lock and shows the id as pg_stat_activity.backend_xid. (pg_locks would not do: a backend
 *    takes the lock on its own id a moment AFTER the id is handed out.)
 *  - an append with no id yet, or an id from after t0, gets or has one at or above xmax(t0).
 * The bound is therefore min(xmax(t0), ids of appends running at t1), computed in a statement
 * BEFORE the one that reads (a later snapshot): every event below it is committed or never will be.
 * The database role reading must see other sessions' backend_xid: the same role as the writers,
 * or one with pg_read_all_stats.
 * Unlike pg_snapshot_xmin alone, unrelated transactions (in other databases, or read models in
 * this one) do not hold subscribers back.
 */
export const APPEND_LOCK = { classId: 727274, objId: 1 } as const;

const BOUND_SQL = `
  SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax,
         coalesce(array_agg(act.backend_xid::text) FILTER (WHERE act.backend_xid IS NOT NULL), '{}') AS inflight
  FROM pg_locks adv
  JOIN pg_stat_activity act ON act.pid = adv.pid
  WHERE adv.locktype = 'advisory' AND adv.database = (SELECT oid FROM pg_database WHERE datname = current_database())
    AND adv.classid = ${APPEND_LOCK.classId} AND adv.objid = ${APPEND_LOCK.objId} AND adv.objsubid = 2`;

const EPOCH = 1n << 32n;

/**
 * backend_xid is a 32-bit xid; widen it to xid8 in xmax's epoch. One at or above xmax's low bits
 * was handed out after the snapshot (at or above xmax anyway), so it cannot lower the bound.
 */
function widen(xid32: bigint, xmax: bigint): bigint | undefined {
  const low = xmax % EPOCH;
  return xid32 >= low ? undefined : xmax - low + xid32;
}

export async function visibleBound(pool: Pool): Promise<bigint> {
  const result = await pool.query<{ xmax: string | null; inflight: string[] }>(BOUND_SQL);
  // With no append in flight the join yields one row of nulls from the aggregate; xmax comes from it.
  const row = result.rows[0];
  let bound = BigInt(row?.xmax ?? (await pool.query<{ xmax: string }>('SELECT pg_snapshot_xmax(pg_current_snapshot())::text AS xmax')).rows[0]!.xmax);
  const xmax = bound;
  for (const xid of row?.inflight ?? []) {
    const wide = widen(BigInt(xid), xmax);
    if (wide !== undefined && wide < bound) bound = wide;
  }
  return bound;
}
