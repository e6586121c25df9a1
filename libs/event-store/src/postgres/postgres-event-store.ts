import { Pool, type PoolClient } from 'pg';
import { checkExpected } from '../memory-event-store';
import {
  START,
  type AppendOptions,
  type AppendResult,
  type EventData,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
} from '../port';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './rows';
import { ensureEventStoreSchema, NOTIFY_CHANNEL } from './schema';
import { APPEND_LOCK, visibleBound } from './visibility';
import { Wakeup } from './wakeup';

const PAGE = 500;
const POLL_MS = 500;

/** The default event store: PostgreSQL with EventStoreDB's semantics (see schema.ts for the log's order). */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;

  constructor(connection: string | Pool) {
    this.ownsPool = typeof connection === 'string';
    this.pool = typeof connection === 'string' ? new Pool({ connectionString: connection, max: 20 }) : connection;
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    if (this.ownsPool) this.pool.on('error', () => undefined);
  }

  ensureSchema(): Promise<void> {
    return ensureEventStoreSchema(this.pool);
  }

  async append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append: no events');
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const current = await this.lockStream(client, streamId);
      try {
        checkExpected(streamId, options.expectedRevision, current);
      } catch (error) {
        await client.query('ROLLBACK');
        const replayed = await this.alreadyAppended(streamId, events, options.expectedRevision);
        if (replayed) return replayed;
        throw error;
      }
      const first = (current ?? -1n) + 1n;
      const last = first + BigInt(events.length) - 1n;
      // The first write: this is where the transaction's id (the log's order) is assigned.
      await client.query(
        `INSERT INTO es_streams (stream_id, revision) VALUES ($1, $2)
         ON CONFLICT (stream_id) DO UPDATE SET revision = EXCLUDED.revision`,
        [streamId, last.toString()],
      );
      const inserted = await client.query<{ tx: string; seq: string }>(
        `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
         SELECT $1, $2::bigint + i - 1, e.event_id, e.type, e.data, e.metadata
         FROM unnest($3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(event_id, type, data, metadata, i)
         ORDER BY i
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
      await client.query(`SELECT pg_notify('${NOTIFY_CHANNEL}', '')`);
      await client.query('COMMIT');
      const tail = inserted.rows.reduce((a, b) => (BigInt(a.seq) > BigInt(b.seq) ? a : b));
      return { nextExpectedRevision: last, position: { commit: BigInt(tail.tx), prepare: BigInt(tail.seq) } };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      if ((error as { code?: string }).code === '23505') {
        const replayed = await this.alreadyAppended(streamId, events, options.expectedRevision);
        if (replayed) return replayed;
        throw new Error(`append to ${streamId}: an event id is already stored elsewhere (${(error as Error).message})`);
      }
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Serializes appends to one stream with a transaction-scoped advisory lock, taken BEFORE the
   * transaction writes anything and so before it has an id. A row lock (SELECT ... FOR UPDATE)
   * would assign the id first: two writers could get ids in one order and the lock in the other,
   * and the global log (ordered by transaction id) would list revision 6 before revision 5.
   * Returns the stream's current revision, or undefined when it has no events.
   */
  private async lockStream(client: PoolClient, streamId: string): Promise<bigint | undefined> {
    // First the shared append lock, before anything gives this transaction an id (see visibility.ts).
    await client.query(`SELECT pg_advisory_xact_lock_shared(${APPEND_LOCK.classId}, ${APPEND_LOCK.objId})`);
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 7272))', [streamId]);
    const row = (await client.query<{ revision: string }>('SELECT revision::text AS revision FROM es_streams WHERE stream_id = $1', [streamId])).rows[0];
    if (!row) return undefined;
    const revision = BigInt(row.revision);
    return revision < 0n ? undefined : revision;
  }

  /**
   * Idempotent append, as EventStoreDB's but stricter: the very same events (ids and content)
   * retried at the same expected revision succeed without writing again. Anything else is the
   * conflict it appears to be.
   */
  private async alreadyAppended(streamId: string, events: readonly EventData[], expected: AppendOptions['expectedRevision']): Promise<AppendResult | undefined> {
    const stored = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE event_id = ANY($1::uuid[]) ORDER BY es_events.revision`,
      [events.map((e) => e.eventId)],
    );
    if (stored.rows.length !== events.length) return undefined;
    const recorded = stored.rows.map(toRecorded);
    const first = expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : recorded[0]!.revision;
    // Same ids AND same content (the hash covers type, data and metadata): a true retry. Same ids
    // with other content is another decision that happened to derive the same ids: a conflict.
    const same = recorded.every(
      (r, i) => r.streamId === streamId && r.eventId === events[i]!.eventId && r.revision === first + BigInt(i) && r.metadata.hash === events[i]!.metadata.hash,
    );
    if (!same) return undefined;
    const last = recorded.at(-1)!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId];
    let where = 'stream_id = $1';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision.toString());
      where += backwards ? ' AND revision <= $2' : ' AND revision >= $2';
    }
    const limit = options.maxCount === undefined ? '' : ` LIMIT ${Math.max(0, Math.floor(options.maxCount))}`;
    const result = await this.pool.query<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${where} ORDER BY es_events.revision ${backwards ? 'DESC' : 'ASC'}${limit}`,
      params,
    );
    return result.rows.map(toRecorded);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const bound = await visibleBound(this.pool);
    const params: unknown[] = [Math.max(0, Math.floor(options.maxCount ?? 1000)), bound.toString()];
    let where = 'tx < $2::text::xid8';
    if (after.commit >= 0n) {
      params.push(after.commit.toString(), after.prepare.toString());
      where += ' AND (tx, seq) > ($3::text::xid8, $4::bigint)';
    }
    const result = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${where} ORDER BY es_events.tx, es_events.seq LIMIT $1`, params);
    return result.rows.map(toRecorded);
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const signal = options.signal;
    let after = options.after ?? START;
    const wakeup = new Wakeup(this.pool.options);
    await wakeup.open();
    try {
      while (!signal?.aborted) {
        const page = await this.readAll({ after, maxCount: PAGE });
        for (const event of page) {
          if (signal?.aborted) return;
          yield event;
          after = event.position;
        }
        if (page.length < PAGE) await wakeup.wait(POLL_MS, signal);
      }
    } finally {
      await wakeup.close();
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    const result = await this.pool.query<{ metadata: StreamMetadata | null }>('SELECT metadata FROM es_streams WHERE stream_id = $1', [streamId]);
    return result.rows[0]?.metadata ?? undefined;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.pool.query(
      `INSERT INTO es_streams (stream_id, revision, metadata) VALUES ($1, -1, $2)
       ON CONFLICT (stream_id) DO UPDATE SET metadata = EXCLUDED.metadata`,
      [streamId, JSON.stringify(metadata)],
    );
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
