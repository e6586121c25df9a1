import type { Pool } from 'pg';
import { prepared } from './prepared';

/**
 * Which part of the global log a reader may see without ever skipping a late commit.
 *
 * The log is ordered by the writing transaction's id (xid8). A reader must not pass an event while
 * an APPEND with a smaller transaction id is still running, or that append's events, committed
 * later, would land behind the reader. Every append first takes a shared advisory lock
 * (APPEND_LOCK) and only then writes, so for a snapshot taken at t0 and a look at t1 >= t0:
 *  - an append with an id below xmax(t0) got it before t0 (ids are handed out in order and xmax is
 *    one past the newest completed id), so if it is still running at t1 its backend holds the
 *    lock and shows the id as pg_stat_activity.backend_xid. (pg_locks alone would not do: a backend
 *    takes the lock on its own id a moment AFTER the id is handed out.)
 *  - an append with no id yet, or an id from after t0, gets or has one at or above xmax(t0).
 * The bound is therefore min(xmax(t0), ids of appends running at t1), computed in a statement
 * BEFORE the one that reads (a later snapshot): every event below it is committed or never will be.
 * pg_locks and backend_xid are readable by any role (verified on PostgreSQL 18: an unprivileged
 * role sees another role's backend_xid), so the reader needs no extra grant.
 *
 * This refines the plain pg_snapshot_xmin(pg_current_snapshot()) bound: only appends in flight
 * hold readers back, not unrelated transactions (read-model projections or a rebuild in the same
 * cluster, other databases). TRADE-OFF that remains: an append that stays open (a stalled client
 * between its write and its COMMIT) holds every subscriber back until it ends. Writers are never
 * delayed and no event is ever skipped; freshness is what is traded.
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
const HALF = 1n << 31n;

/**
 * backend_xid is a 32-bit xid; widen it to xid8 relative to xmax, modulo 2^32 (so an id from the
 * previous epoch, just before a wraparound, is still placed correctly). PostgreSQL keeps every
 * running xid within 2^31 of the next one; an id "ahead" of xmax was handed out after the snapshot
 * and cannot lower the bound.
 */
export function widenXid(xid32: bigint, xmax: bigint): bigint | undefined {
  const behind = (((xmax % EPOCH) - xid32) % EPOCH + EPOCH) % EPOCH;
  return behind === 0n || behind > HALF ? undefined : xmax - behind;
}

/** Every event with a transaction id below this is committed, or never will be. */
export async function visibleBound(pool: Pool): Promise<bigint> {
  // Without locks the aggregate still yields one row, with xmax and an empty list.
  const row = (await pool.query<{ xmax: string; inflight: string[] }>(prepared(BOUND_SQL))).rows[0];
  if (!row) throw new Error('visibility bound: no row');
  const xmax = BigInt(row.xmax);
  let bound = xmax;
  for (const xid of row.inflight) {
    const wide = widenXid(BigInt(xid), xmax);
    if (wide !== undefined && wide < bound) bound = wide;
  }
  return bound;
}
