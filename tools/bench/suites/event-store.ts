import { Pool } from 'pg';
import { randomUUID } from 'node:crypto';
import { jsonbArray, PostgresEventStore, type EventData } from '@pl/event-store';
import { paymentLifecycles } from '@pl/testing';
import { throughput, type BenchContext, type BenchFigure, type BenchSuite } from '../bench';

const WRITERS = 8;
const BATCHES = [1, 10, 100] as const;
const TARGET = 0.7;

/**
 * The ceiling: the same rows (the event table's columns and defaults, the same JSON) in a table with
 * nothing but a primary key, one INSERT statement per batch in autocommit: the least PostgreSQL
 * can do to store them durably. The documents travel as the store's do (one JSON array per column,
 * jsonbArray in append.ts; since 14:50 on 2026-12-07, before which both sides sent pg's escaped
 * jsonb[] literals), so that the two sides differ in what the server does, not in the encoding.
 */
const PLAIN_TABLE = `
CREATE TABLE bench_plain_events (LIKE es_events INCLUDING DEFAULTS INCLUDING IDENTITY);
ALTER TABLE bench_plain_events ADD PRIMARY KEY (seq)`;
const PLAIN_INSERT = `
INSERT INTO bench_plain_events (stream_id, revision, event_id, type, data, metadata)
SELECT $1, $2::bigint + e.i - 1, e.event_id, e.type, e.data, e.metadata
FROM unnest($3::uuid[], $4::text[], ${jsonbArray('$5')}, ${jsonbArray('$6')}) WITH ORDINALITY AS e(event_id, type, data, metadata, i)`;

/** One append's worth of events. */
interface Chunk {
  readonly streamId: string;
  readonly first: bigint;
  readonly events: readonly EventData[];
}

/**
 * Realistic payment events (real lifecycles through the decider, hash-chained) are built once;
 * each chunk reuses their content under a new stream and new event ids, so that building events
 * (SHA-256, canonical JSON) does not compete with PostgreSQL for the 2 CPUs while it is measured.
 * Neither side checks the hashes, and both store exactly the same rows.
 */
class ChunkSource {
  private readonly templates: (readonly EventData[])[];
  private next = 0;
  /** Single-event appends walk one stream event by event. */
  private current?: { streamId: string; events: readonly EventData[]; at: number };

  constructor(templates: (readonly EventData[])[], offset: number) {
    this.templates = templates;
    this.next = offset % templates.length;
  }

  take(size: number): Chunk {
    if (size === 1) {
      if (!this.current || this.current.at >= this.current.events.length) this.current = { streamId: `payment-${randomUUID()}`, events: this.template(), at: 0 };
      const c = this.current;
      c.at += 1;
      return { streamId: c.streamId, first: BigInt(c.at - 1), events: [fresh(c.events[c.at - 1]!)] };
    }
    const events: EventData[] = [];
    while (events.length < size) events.push(...this.template().map(fresh));
    return { streamId: `payment-${randomUUID()}`, first: 0n, events: events.slice(0, size) };
  }

  private template(): readonly EventData[] {
    const t = this.templates[this.next]!;
    this.next = (this.next + 1) % this.templates.length;
    return t;
  }
}

const fresh = (e: EventData): EventData => ({ ...e, eventId: randomUUID() });

const plainInsert = (pool: Pool, c: Chunk) =>
  pool.query(PLAIN_INSERT, [
    c.streamId,
    c.first.toString(),
    c.events.map((e) => e.eventId),
    c.events.map((e) => e.type),
    JSON.stringify(c.events.map((e) => e.data)),
    JSON.stringify(c.events.map((e) => e.metadata)),
  ]);

/** The transactions the store's appends went in (group commit puts appends made together in one). */
const commitsSeen = new Set<bigint>();
const storeAppend = async (store: PostgresEventStore, c: Chunk) => {
  const result = await store.append(c.streamId, c.events, { expectedRevision: c.first === 0n ? 'no_stream' : c.first - 1n });
  commitsSeen.add(result.position.commit);
};

/**
 * Appends/s of the PostgreSQL event store (expected revision checked, stream lock, hash-chained
 * events, NOTIFY) against a plain INSERT of the same rows and batch, 8 writers on distinct streams
 * each side. The two sides alternate in rounds so that other load on the machine hits both alike.
 * The store is used as the services use it, group commit included (appends waiting together go in
 * one transaction); BENCH_EVENT_STORE_GROUP_COMMIT=off measures it with every append alone.
 */
export const eventStoreSuite: BenchSuite = {
  name: 'event-store',
  async run(ctx: BenchContext): Promise<BenchFigure[]> {
    const store = new PostgresEventStore(ctx.databaseUrl, process.env['BENCH_EVENT_STORE_GROUP_COMMIT'] === 'off' ? { groupCommit: false } : {});
    await store.ensureSchema();
    const pool = new Pool({ connectionString: ctx.databaseUrl, max: 10 });
    await pool.query(PLAIN_TABLE);
    const templates = [...paymentLifecycles(1_000)].map((l) => l.events);
    const rounds = ctx.quick ? 1 : 3;
    const roundMs = ctx.quick ? 1_500 : 5_000;
    const figures: BenchFigure[] = [];
    try {
      for (const size of BATCHES) {
        const totals = { plain: 0, store: 0, seconds: { plain: 0, store: 0 } };
        commitsSeen.clear();
        const measure = async (side: 'plain' | 'store', ms: number) => {
          const sources = Array.from({ length: WRITERS }, (_, w) => new ChunkSource(templates, w * 97));
          const t0 = process.hrtime.bigint();
          const result = await throughput(WRITERS, ms, async (w) => {
            const chunk = sources[w]!.take(size);
            await (side === 'plain' ? plainInsert(pool, chunk) : storeAppend(store, chunk));
            return chunk.events.length;
          });
          return { units: result.units, seconds: Number(process.hrtime.bigint() - t0) / 1e9 };
        };
        await measure('plain', 1_000);
        await measure('store', 1_000);
        commitsSeen.clear(); // count the measured rounds only
        for (let r = 0; r < rounds; r++) {
          for (const side of r % 2 === 0 ? (['plain', 'store'] as const) : (['store', 'plain'] as const)) {
            const m = await measure(side, roundMs);
            totals[side] += m.units;
            totals.seconds[side] += m.seconds;
          }
        }
        const storeRate = totals.store / totals.seconds.store;
        const plainRate = totals.plain / totals.seconds.plain;
        const ratio = storeRate / plainRate;
        ctx.log(`batch ${size}: store ${storeRate.toFixed(0)} events/s, plain INSERT ${plainRate.toFixed(0)} events/s (${(ratio * 100).toFixed(0)} %)`);
        figures.push({
          suite: 'event-store',
          metric: size === 1 ? 'append, 1 event' : `append, batch of ${size}`,
          value: storeRate,
          unit: 'events/s',
          ceiling: { name: `plain INSERT, batch of ${size}`, value: plainRate },
          ratio,
          target: '≥ 70 % of plain INSERT',
          met: ratio >= TARGET,
          notes:
            `${WRITERS} writers on distinct streams each side, ${rounds} alternating rounds of ${roundMs / 1000} s; ${(storeRate / size).toFixed(0)} appends/s; ` +
            `the store's appends went in ${commitsSeen.size} transactions (${(totals.store / size / Math.max(1, commitsSeen.size)).toFixed(1)} appends each: group commit), the plain INSERTs one each`,
        });
      }
    } finally {
      await store.close();
      await pool.end();
    }
    return figures;
  },
};
