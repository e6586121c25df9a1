import type { Pool, PoolClient } from 'pg';
import { checkExpectedRevision, DuplicateEventIdError, isSameAppend } from '../expected-revision';
import { WrongExpectedRevisionError, type AppendResult, type EventData, type ExpectedRevision } from '../port';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './rows';
import { NOTIFY_CHANNEL, STREAM_LOCK_SEED } from './schema';
import { APPEND_LOCK } from './visibility';

const UNIQUE_VIOLATION = '23505';

/**
 * One append, one transaction: the stream row and every event are written together or not at
 * all. See schema.ts for why the stream lock is an advisory lock taken before the first write.
 */
export async function appendInTransaction(pool: Pool, streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
  if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // Both locks before the first write, i.e. before this transaction has an id (see schema.ts):
    // the shared one marks an append in flight for readers, the other serializes the stream.
    await client.query(`SELECT pg_advisory_xact_lock_shared(${APPEND_LOCK.classId}, ${APPEND_LOCK.objId})`);
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, $2))', [streamId, STREAM_LOCK_SEED]);
    const current = await currentRevision(client, streamId);
    try {
      checkExpectedRevision(streamId, expected, current);
    } catch (error) {
      // The stream moved on: perhaps because this very append already succeeded (a client retry).
      const replay = await replayedAppend(client, streamId, events, expected);
      await client.query('ROLLBACK');
      if (replay) return replay;
      throw error;
    }
    const first = (current ?? -1n) + 1n;
    const last = first + BigInt(events.length) - 1n;
    await client.query(
      `INSERT INTO es_streams (stream_id, revision) VALUES ($1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision`,
      [streamId, last.toString()],
    );
    const inserted = await client.query<{ tx: string; seq: string }>(
      `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
       SELECT $1, $2::bigint + e.i - 1, e.event_id, e.type, e.data, e.metadata
       FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(event_id, type, data, metadata, i)
       ORDER BY e.i
       RETURNING tx::text AS tx, seq::text AS seq`,
      [
        streamId,
        first.toString(),
        events.map((e) => e.eventId),
        events.map((e) => e.type),
        events.map((e) => JSON.stringify(e.data)),
        events.map((e) => JSON.stringify(e.metadata)),
      ],
    );
    // Delivered only if and when the transaction commits: subscribers wake up at the right time.
    await client.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, streamId]);
    await client.query('COMMIT');
    const tail = inserted.rows.reduce((a, b) => (BigInt(a.seq) > BigInt(b.seq) ? a : b));
    return { nextExpectedRevision: last, position: { commit: BigInt(tail.tx), prepare: BigInt(tail.seq) } };
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    if (error instanceof WrongExpectedRevisionError || (error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    // Only event_id can be violated here (the stream lock rules out a revision clash).
    const replay = await replayedAppend(pool, streamId, events, expected);
    if (replay) return replay;
    const stored = await pool.query<{ event_id: string }>('SELECT event_id::text FROM es_events WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.eventId)]);
    throw new DuplicateEventIdError(streamId, stored.rows.length > 0 ? stored.rows.map((r) => r.event_id) : events.map((e) => e.eventId));
  } finally {
    client.release();
  }
}

async function currentRevision(client: PoolClient, streamId: string): Promise<bigint | undefined> {
  const row = (await client.query<{ revision: string }>('SELECT revision::text AS revision FROM es_streams WHERE stream_id = $1', [streamId])).rows[0];
  if (!row) return undefined;
  const revision = BigInt(row.revision);
  return revision < 0n ? undefined : revision;
}

/** The stored result of this very append, if it already happened (see isSameAppend). */
async function replayedAppend(db: Pool | PoolClient, streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
  const stored = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id = ANY($1::uuid[]) ORDER BY es_events.revision`, [events.map((e) => e.eventId)]);
  const recorded = stored.rows.map(toRecorded);
  if (!isSameAppend(streamId, events, expected, recorded)) return undefined;
  const last = recorded.reduce((a, b) => (a.revision > b.revision ? a : b));
  return { nextExpectedRevision: last.revision, position: last.position };
}
