import { Pool } from 'pg';
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
import { appendInTransaction } from './append';
import { AppendBatcher, DEFAULT_BATCHING, type AppendBatcherOptions } from './append-batcher';
import { CommitNotifier } from './notifier';
import { prepared } from './prepared';
import { EVENT_COLUMNS, toRecorded, type EventRow } from './rows';
import { ensureEventStoreSchema } from './schema';
import { visibleBound } from './visibility';
import { Wakeup } from './wakeup';

const PAGE = 500;
/** The fallback when a notification is lost (e.g. while the LISTEN connection was down). */
const POLL_MS = 500;
const DEFAULT_READ_ALL_MAX = 1000;

export interface PostgresEventStoreOptions {
  /** Group commit across streams (append-batcher.ts); `false`: every append its own statement and transaction. */
  readonly groupCommit?: AppendBatcherOptions | false;
}

/**
 * The default event store: PostgreSQL with EventStoreDB's semantics. How the global log is kept
 * gap-free, and what that costs, is explained in schema.ts.
 */
export class PostgresEventStore implements EventStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;
  /** Ends every open subscription when the store closes. */
  private readonly closing = new AbortController();
  private readonly notifier: CommitNotifier;
  private readonly batcher?: AppendBatcher;

  constructor(connection: string | Pool, options: PostgresEventStoreOptions = {}) {
    this.ownsPool = typeof connection === 'string';
    this.pool = typeof connection === 'string' ? new Pool({ connectionString: connection, max: 20 }) : connection;
    // An idle connection dropped by the server must not crash the process; the next query reconnects.
    if (this.ownsPool) this.pool.on('error', () => undefined);
    this.notifier = new CommitNotifier(this.pool);
    const batching = options.groupCommit ?? DEFAULT_BATCHING;
    if (batching) this.batcher = new AppendBatcher(this.pool, batching);
  }

  /** Creates the tables if they are missing; safe to call from every replica at start-up. */
  ensureSchema(): Promise<void> {
    return ensureEventStoreSchema(this.pool);
  }

  async append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    const result = this.batcher
      ? await this.batcher.append(streamId, events, options.expectedRevision)
      : await appendInTransaction(this.pool, streamId, events, options.expectedRevision);
    this.notifier.committed();
    return result;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    const params: unknown[] = [streamId, options.maxCount === undefined ? null : Math.max(0, Math.floor(options.maxCount))];
    let where = 'stream_id = $1';
    if (options.fromRevision !== undefined) {
      params.push(options.fromRevision.toString());
      where += backwards ? ' AND revision <= $3::bigint' : ' AND revision >= $3::bigint';
    }
    const result = await this.pool.query<EventRow>(prepared(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${where} ORDER BY es_events.revision ${backwards ? 'DESC' : 'ASC'} LIMIT $2`, params));
    return result.rows.map(toRecorded);
  }

  /** At most `maxCount` (default 1000) events strictly after `after`, from the settled part of the log only. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    // The bound comes from an EARLIER statement than the read: see visibility.ts for why.
    const bound = await visibleBound(this.pool);
    const params: unknown[] = [Math.max(0, Math.floor(options.maxCount ?? DEFAULT_READ_ALL_MAX)), bound.toString()];
    let where = 'tx < $2::text::xid8';
    if (after.commit >= 0n) {
      params.push(after.commit.toString(), after.prepare.toString());
      where += ' AND (tx, seq) > ($3::text::xid8, $4::bigint)';
    }
    const result = await this.pool.query<EventRow>(prepared(`SELECT ${EVENT_COLUMNS} FROM es_events WHERE ${where} ORDER BY es_events.tx, es_events.seq LIMIT $1`, params));
    return result.rows.map(toRecorded);
  }

  /**
   * Catch-up in pages, then live: woken by NOTIFY from committing appends, or by polling. Ends
   * cleanly (and releases its LISTEN connection) on abort, on `break`, or when the store closes.
   */
  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const signal = options.signal ? AbortSignal.any([options.signal, this.closing.signal]) : this.closing.signal;
    let after = options.after ?? START;
    if (signal.aborted) return;
    const wakeup = new Wakeup(this.pool.options);
    await wakeup.open(); // before the first read, so a commit between read and wait is not missed
    try {
      while (!signal.aborted) {
        const page = await this.readAll({ after, maxCount: PAGE });
        for (const event of page) {
          if (signal.aborted) return;
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

  /** Metadata lives on the stream row; a stream with metadata but no events has revision -1 there. */
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

  /** Ends open subscriptions, then the pool if this store created it (a pool passed in is the caller's). */
  async close(): Promise<void> {
    this.closing.abort();
    await this.notifier.drain();
    if (this.ownsPool) await this.pool.end();
  }
}
