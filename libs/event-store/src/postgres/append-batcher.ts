import type { Pool } from 'pg';
import type { AppendResult, EventData, ExpectedRevision } from '../port';
import { appendInTransaction, jsonbArray, settleAppend, UNIQUE_VIOLATION, type AppendRow } from './append';
import { CoalescedStatements } from './coalesced-statements';
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
}

/** One append's own answer within a batch: a batch lands while some of its appends are refused. */
type Settled = { readonly ok: true; readonly result: AppendResult } | { readonly ok: false; readonly error: unknown };

const unwrap = (settled: Settled): AppendResult => {
  if (settled.ok) return settled.result;
  throw settled.error;
};

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
  // What is waiting is shared among the free slots rather than sent as one batch: one batch is one
  // backend doing all the work while the others idle (8 writers' appends of 100 events ran at half
  // the rate of 8 transactions side by side; docs/benchmarks.md).
  private readonly small: CoalescedStatements<Pending, Settled>;
  private readonly largeQueue: (Pending & { readonly resolve: (settled: Settled) => void })[] = [];
  private largeInFlight = 0;

  constructor(
    private readonly pool: Pool,
    private readonly options: AppendBatcherOptions = DEFAULT_BATCHING,
  ) {
    this.small = new CoalescedStatements<Pending, Settled>((batch) => this.send(batch), {
      maxInFlight: options.maxInFlight,
      maxCalls: options.maxAppends,
      maxWeight: options.maxEvents,
      weigh: (p) => p.events.length,
    });
  }

  append(streamId: string, events: readonly EventData[], expected: ExpectedRevision): Promise<AppendResult> {
    if (events.length === 0) return Promise.reject(new Error(`append to ${streamId}: no events`));
    if (events.length < this.options.largeEvents) return this.small.call({ streamId, events, expected }).then(unwrap);
    return new Promise<Settled>((resolve) => {
      this.largeQueue.push({ streamId, events, expected, resolve });
      this.pumpLarge();
    }).then(unwrap);
  }

  private pumpLarge(): void {
    while (this.largeInFlight < this.options.maxLargeInFlight && this.largeQueue.length > 0) {
      const large = this.largeQueue.shift()!;
      this.largeInFlight += 1;
      void one(this.pool, large)
        .then(large.resolve)
        .finally(() => {
          this.largeInFlight -= 1;
          this.pumpLarge();
        });
    }
  }

  private async send(batch: readonly Pending[]): Promise<Settled[]> {
    if (batch.length === 1) return [await one(this.pool, batch[0]!)];
    let rows: (AppendRow & { i: number })[];
    try {
      rows = await batchQuery(this.pool, batch);
    } catch (error) {
      if ((error as { code?: string }).code !== UNIQUE_VIOLATION) throw error;
      // Nothing of the batch was written: each append alone, for its own answer (replay or duplicate).
      return Promise.all(batch.map((p) => one(this.pool, p)));
    }
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    return Promise.all(
      batch.map(async (p, k): Promise<Settled> => {
        const row = byIndex.get(k + 1);
        if (!row) return { ok: false, error: new Error(`append to ${p.streamId}: es_append_batch returned no row for it`) };
        try {
          return { ok: true, result: await settleAppend(this.pool, p.streamId, p.events, p.expected, row) };
        } catch (error) {
          return { ok: false, error };
        }
      }),
    );
  }
}

async function one(pool: Pool, p: Pending): Promise<Settled> {
  try {
    return { ok: true, result: await appendInTransaction(pool, p.streamId, p.events, p.expected) };
  } catch (error) {
    return { ok: false, error };
  }
}

async function batchQuery(pool: Pool, batch: readonly Pending[]): Promise<(AppendRow & { i: number })[]> {
  const events = batch.flatMap((p) => p.events);
  const result = await pool.query<AppendRow & { i: number }>(
    prepared(`SELECT i, outcome, current_revision, last_revision, tx, seq FROM es_append_batch($1::text[], $2::text[], $3::int[], $4::uuid[], $5::text[], ${jsonbArray('$6')}, ${jsonbArray('$7')})`, [
      batch.map((p) => p.streamId),
      batch.map((p) => (typeof p.expected === 'bigint' ? p.expected.toString() : p.expected)),
      batch.map((p) => p.events.length),
      events.map((e) => e.eventId),
      events.map((e) => e.type),
      JSON.stringify(events.map((e) => e.data)),
      JSON.stringify(events.map((e) => e.metadata)),
    ]),
  );
  return result.rows;
}
