import type { Pool } from 'pg';
import { checkExpectedRevision, DuplicateEventIdError, isSameAppend } from '../expected-revision';
import { WrongExpectedRevisionError, type AppendResult, type EventData, type ExpectedRevision } from '../port';
import { prepared } from './prepared';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './rows';

export const UNIQUE_VIOLATION = '23505';

/**
 * The events' JSON documents as one parameter, a JSON array, unpacked by the server into the
 * jsonb[] the append functions take, in order. Passed as a jsonb[] instead, pg would write every
 * document into an array literal, escaping each of its quotes: a copy of every event's JSON and
 * 0.5 % of the embedded platform's main thread (docs/benchmarks.md).
 */
export const jsonbArray = (parameter: string): string => `ARRAY(SELECT d FROM jsonb_array_elements(${parameter}::jsonb) WITH ORDINALITY AS e(d, n) ORDER BY n)`;

/**
 * One append, one transaction, one round trip: the server-side function es_append (schema.ts)
 * takes both locks before its first write (see schema.ts for why), checks the expected revision,
 * and writes the stream row and every event, all or nothing, in the statement's own transaction.
 * Subscribers are woken after the commit, by the caller (notifier.ts).
 */
export async function appendInTransaction(pool: Pool, streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
  if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
  let row: AppendRow | undefined;
  try {
    row = (
      await pool.query<AppendRow>(
        prepared(`SELECT outcome, current_revision, last_revision, tx, seq FROM es_append($1, $2, $3::uuid[], $4::text[], ${jsonbArray('$5')}, ${jsonbArray('$6')})`, [
          streamId,
          typeof expected === 'bigint' ? expected.toString() : expected,
          events.map((e) => e.eventId),
          events.map((e) => e.type),
          JSON.stringify(events.map((e) => e.data)),
          JSON.stringify(events.map((e) => e.metadata)),
        ]),
      )
    ).rows[0];
  } catch (error) {
    if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
    // Only event_id can be violated here (the stream lock rules out a revision clash).
    const replay = await replayedAppend(pool, streamId, events, expected);
    if (replay) return replay;
    const stored = await pool.query<{ event_id: string }>('SELECT event_id::text FROM es_events WHERE event_id = ANY($1::uuid[])', [events.map((e) => e.eventId)]);
    throw new DuplicateEventIdError(streamId, stored.rows.length > 0 ? stored.rows.map((r) => r.event_id) : events.map((e) => e.eventId));
  }
  if (!row) throw new Error(`append to ${streamId}: es_append returned nothing`);
  return settleAppend(pool, streamId, events, expected, row);
}

/**
 * What one append's row from es_append or es_append_batch means for its caller: the result, or,
 * when the expected revision did not hold (nothing was written), a retry of this very append
 * already stored, or a WrongExpectedRevisionError.
 */
export async function settleAppend(pool: Pool, streamId: string, events: readonly EventData[], expected: ExpectedRevision, row: AppendRow): Promise<AppendResult> {
  if (row.outcome === 'conflict') {
    // Nothing was written. The stream moved on: perhaps because this very append already
    // succeeded (a client retry), whose events are committed and so visible here.
    const replay = await replayedAppend(pool, streamId, events, expected);
    if (replay) return replay;
    const current = row.current_revision === null ? undefined : BigInt(row.current_revision);
    checkExpectedRevision(streamId, expected, current);
    throw new WrongExpectedRevisionError(streamId, expected, current ?? 'no_stream'); // the function and the check disagree: never pass silently
  }
  return { nextExpectedRevision: BigInt(row.last_revision!), position: { commit: BigInt(row.tx!), prepare: BigInt(row.seq!) } };
}

/** es_append's one row; bigints and xid8 as text, never a lossy number. */
export interface AppendRow {
  outcome: 'appended' | 'conflict';
  current_revision: string | null;
  last_revision: string | null;
  tx: string | null;
  seq: string | null;
}

/** The stored result of this very append, if it already happened (see isSameAppend). */
async function replayedAppend(db: Pool, streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult | undefined> {
  const stored = await db.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id = ANY($1::uuid[]) ORDER BY es_events.revision`, [events.map((e) => e.eventId)]);
  const recorded = stored.rows.map(toRecorded);
  if (!isSameAppend(streamId, events, expected, recorded)) return undefined;
  const last = recorded.reduce((a, b) => (a.revision > b.revision ? a : b));
  return { nextExpectedRevision: last.revision, position: last.position };
}
