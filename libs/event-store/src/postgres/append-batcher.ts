import type { Pool } from 'pg';
import type { AppendResult, EventData, ExpectedRevision } from '../port';
import { appendInTransaction, settleAppend, UNIQUE_VIOLATION, type AppendRow } from './append';
import { prepared } from './prepared';

export interface AppendBatcherOptions {
  /** Batches (or single appends) on their way to the server at once. */
  readonly maxInFlight: number;
  /** Most appends in one batch. */
  readonly maxAppends: number;
  /** Most events in one batch (an append larger than this still goes, alone). */
  readonly maxEvents: number;
  /**
   * An append of at least this many events is large: its commit is already shared by its rows, so
   * it never waits for a batch. It goes alone, at once, in a slot of its own (see `maxLargeInFlight`).
   */
  readonly largeEvents: number;
  /** Large appends on their way to the server at once, besides the `maxInFlight` batches. */
  readonly maxLargeInFlight: number;
}

export const DEFAULT_BATCHING: AppendBatcherOptions = { maxInFlight: 4, maxAppends: 100, maxEvents: 1_000, largeEvents: 50, maxLargeInFlight: 8 };

interface Pending {
  readonly streamId: string;
  readonly events: readonly EventData[];
  readonly expected: ExpectedRevision;
  readonly resolve: (result: AppendResult) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Group commit across streams. Every append of a process waits for a durable commit (a WAL flush),
 * and a commit costs PostgreSQL far more than the rows it writes: events/s in single-event appends
 * run at a ninth of batches of 100 (docs/benchmarks.md). So appends that are waiting while others
 * are on their way go together: at most `maxInFlight` statements are in flight, and whatever queued
 * meanwhile is shared among the slots that free up, each share ONE es_append_batch (schema.ts). A
 * quiet store sends each append at once, alone, through es_append, exactly as before; appends made
 * in the same tick of the event loop leave together.
 *
 * Large appends (`largeEvents` or more) are the exception: a commit costs them little beside their
 * rows, and holding them in the queue only leaves cores idle (8 writers' appends of 100 events ran
 * at 65–70 % of plain INSERTs batched, 87–93 % alone; docs/benchmarks.md). They go alone through
 * es_append as soon as one of their own `maxLargeInFlight` slots is free. Being a statement of its
 * own, a large append made beside small ones to the same stream is ordered against them by the
 * stream lock, like any appends in separate statements (below).
 *
 * Each append still has its own outcome: one whose expected revision fails writes nothing and is
 * settled as it would be alone (a retry of itself, or WrongExpectedRevisionError) while the others
 * land. The one thing a batch cannot isolate is a duplicate event id (23505 rolls the statement
 * back): the batch's appends then go again one by one, so each gets its own answer.
 *
 * Appends to one stream that share a batch land in the order they were made. Appends in separate
 * statements are serialized by the stream lock in whichever order they reach it, as concurrent
 * appends always were: callers that need an order say so with an expected revision, which the
 * store checks either way. What callers see changes in one way only: the
 * appends of a batch share a transaction id, so their positions share `commit` (and differ in
 * `prepare`), as events of one transaction do in EventStoreDB.
 */
export class AppendBatcher {
  private readonly queue: Pending[] = [];
  private inFlight = 0;
  private readonly largeQueue: Pending[] = [];
  private largeInFlight = 0;
  private scheduled = false;

  constructor(
    private readonly pool: Pool,
    private readonly options: AppendBatcherOptions = DEFAULT_BATCHING,
  ) {}

  append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error(`append to ${streamId}: no events`));
    return new Promise<AppendResult>((resolve, reject) => {
      if (events.length >= this.options.largeEvents) {
        this.largeQueue.push({ streamId, events, expected, resolve, reject });
        this.pumpLarge();
        return;
      }
      this.queue.push({ streamId, events, expected, resolve, reject });
      // After the current tick, so that appends made together leave together.
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      // What is waiting is shared among the free slots rather than sent as one batch: one batch is
      // one backend doing all the work while the others idle (8 writers' appends of 100 events ran
      // at half the rate of 8 transactions side by side; docs/benchmarks.md).
      const batch = this.take(Math.ceil(this.queue.length / (this.options.maxInFlight - this.inFlight)));
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private pumpLarge(): void {
    while (this.largeInFlight < this.options.maxLargeInFlight && this.largeQueue.length > 0) {
      this.largeInFlight += 1;
      void one(this.pool, this.largeQueue.shift()!).finally(() => {
        this.largeInFlight -= 1;
        this.pumpLarge();
      });
    }
  }

  private take(share: number): Pending[] {
    const batch: Pending[] = [this.queue.shift()!];
    let events = batch[0]!.events.length;
    while (batch.length < Math.min(share, this.options.maxAppends) && this.queue.length > 0 && events + this.queue[0]!.events.length <= this.options.maxEvents) {
      const next = this.queue.shift()!;
      events += next.events.length;
      batch.push(next);
    }
    return batch;
  }

  private async send(batch: readonly Pending[]): Promise<void> {
    if (batch.length === 1) return one(this.pool, batch[0]!);
    let rows: (AppendRow & { i: number })[];
    try {
      rows = await batchQuery(this.pool, batch);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) {
        for (const p of batch) p.reject(error);
        return;
      }
      // Nothing of the batch was written: each append alone, for its own answer (replay or duplicate).
      await Promise.all(batch.map((p) => one(this.pool, p)));
      return;
    }
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    await Promise.all(
      batch.map(async (p, k) => {
        const row = byIndex.get(k + 1);
        if (!row) return p.reject(new Error(`append to ${p.streamId}: es_append_batch returned no row for it`));
        try {
          p.resolve(await settleAppend(this.pool, p.streamId, p.events, p.expected, row));
        } catch (error) {
          p.reject(error);
        }
      }),
    );
  }
}

async function one(pool: Pool, p: Pending): Promise<void> {
  try {
    p.resolve(await appendInTransaction(pool, p.streamId, p.events, p.expected));
  } catch (error) {
    p.reject(error);
  }
}

async function batchQuery(pool: Pool, batch: readonly Pending[]): Promise<(AppendRow & { i: number })[]> {
  const events = batch.flatMap((p) => p.events);
  const result = await pool.query<AppendRow & { i: number }>(
    prepared('SELECT i, outcome, current_revision, last_revision, tx, seq FROM es_append_batch($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], $6::jsonb[], $7::jsonb[])', [
      batch.map((p) => p.streamId),
      batch.map((p) => (typeof p.expected === 'bigint' ? p.expected.toString() : p.expected)),
      batch.map((p) => p.events.length),
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      events.map((e) => JSON.stringify(e.data)),
      events.map((e) => JSON.stringify(e.metadata)),
    ]),
  );
  return result.rows;
}
