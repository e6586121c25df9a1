import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { deterministicUuid, PostgresEventStore, START, type Position } from '@pl/event-store';
import { paymentLifecycles } from '@pl/testing';
import { PaymentProjector } from '../../../apps/reporting/src/projections/payment-projector';
import { openReadModel } from '../../../apps/reporting/src/read-model/data-source';
import { rebuildReadModels, truncateReadModels } from '../../../apps/reporting/src/rebuild/rebuild-read-models';
import type { BenchContext, BenchFigure, BenchSuite } from '../bench';

const TARGET = 20_000;
/** Payments under way at once in the generated log: their events interleave as in a busy system. */
const IN_FLIGHT = 500;
const INSERT_BATCH = 5_000;

interface Template {
  readonly paymentId: string;
  readonly refundId?: string;
  readonly events: readonly { type: string; data: string; metadata: string }[];
}

/**
 * Templates: real lifecycles (through the decider, hash-chained), serialized once. Each payment of
 * the log is a template under a new payment id (and refund id): same types, shapes and sizes, built
 * by string replacement so that writing a million events takes seconds. The copies' hashes are not
 * recomputed (neither the projection nor the rebuild checks them).
 */
function templates(): Template[] {
  return [...paymentLifecycles(2_000, 5)].map((l) => {
    const refund = l.events.find((e) => e.type === 'PaymentRefundReserved');
    return {
      paymentId: l.paymentId,
      ...(typeof refund?.data['refundId'] === 'string' ? { refundId: refund.data['refundId'] } : {}),
      events: l.events.map((e) => ({ type: e.type, data: JSON.stringify(e.data), metadata: JSON.stringify(e.metadata) })),
    };
  });
}

interface Row {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: string;
  metadata: string;
}

/** The log: `total` events of payments interleaved IN_FLIGHT at a time, each stream in order. */
function* interleavedLog(total: number): Generator<Row> {
  const all = templates();
  let made = 0;
  let n = 0;
  const start = () => {
    const t = all[n % all.length]!;
    const paymentId = deterministicUuid(`rebuild-bench:${n++}`);
    const refundId = randomUUID();
    const swap = (json: string) => {
      const s = json.replaceAll(t.paymentId, paymentId);
      return t.refundId ? s.replaceAll(t.refundId, refundId) : s;
    };
    return { streamId: `payment-${paymentId}`, events: t.events, next: 0, swap };
  };
  const active = Array.from({ length: IN_FLIGHT }, start);
  for (let slot = 0; made < total; slot = (slot + 1) % IN_FLIGHT) {
    let p = active[slot]!;
    if (p.next >= p.events.length) p = active[slot] = start();
    const e = p.events[p.next]!;
    yield { streamId: p.streamId, revision: p.next, eventId: randomUUID(), type: e.type, data: p.swap(e.data), metadata: p.swap(e.metadata) };
    p.next += 1;
    made += 1;
  }
}

/** Writes the log into the event store's own tables, a batch per transaction (es_events rows exactly as appends make them). */
async function writeLog(pool: Pool, total: number, log: (m: string) => void): Promise<number> {
  let batch: Row[] = [];
  let written = 0;
  const flush = async () => {
    await pool.query(
      `INSERT INTO es_events (stream_id, revision, event_id, type, data, metadata)
       SELECT e.stream_id, e.revision, e.event_id, e.type, e.data, e.metadata
       FROM unnest($1::text[], $2::bigint[], $3::uuid[], $4::text[], $5::jsonb[], $6::jsonb[]) WITH ORDINALITY AS e(stream_id, revision, event_id, type, data, metadata, i)
       ORDER BY e.i`,
      [batch.map((r) => r.streamId), batch.map((r) => r.revision), batch.map((r) => r.eventId), batch.map((r) => r.type), batch.map((r) => r.data), batch.map((r) => r.metadata)],
    );
    written += batch.length;
    batch = [];
    if (written % 100_000 === 0) log(`log: ${written} events written`);
  };
  for (const row of interleavedLog(total)) {
    batch.push(row);
    if (batch.length === INSERT_BATCH) await flush();
  }
  if (batch.length > 0) await flush();
  await pool.query(`INSERT INTO es_streams (stream_id, revision) SELECT stream_id, max(revision) FROM es_events GROUP BY stream_id`);
  return written;
}

/** Events/s of reading the whole log through the store in pages, doing nothing with them. */
async function readRate(store: PostgresEventStore): Promise<number> {
  let read = 0;
  const start = process.hrtime.bigint();
  for (let after: Position = START; ; ) {
    const page = await store.readAll({ after, maxCount: 20_000 });
    if (page.length === 0) break;
    read += page.length;
    after = page.at(-1)!.position;
  }
  return read / (Number(process.hrtime.bigint() - start) / 1e9);
}

/**
 * Read-model rebuild from the event log: payments_v1, payment_refunds_v1 and the ledger rebuilt by
 * reporting's rebuildReadModels (pages of the log folded with the live projection's functions, one
 * transaction per page). Ceiling: reading the same log through the event store alone. Beside it,
 * the live projector (one event per transaction) on the first events, for comparison.
 */
export const rebuildSuite: BenchSuite = {
  name: 'rebuild',
  async run(ctx: BenchContext): Promise<BenchFigure[]> {
    const total = ctx.quick ? 100_000 : 1_000_000;
    const store = new PostgresEventStore(ctx.databaseUrl);
    await store.ensureSchema();
    const pool = new Pool({ connectionString: ctx.databaseUrl, max: 4 });
    const readModel = await openReadModel(ctx.databaseUrl);
    try {
      const t0 = Date.now();
      await writeLog(pool, total, (m) => ctx.log(m));
      await pool.query('VACUUM ANALYZE es_events');
      ctx.log(`log: ${total} events written in ${((Date.now() - t0) / 1000).toFixed(0)} s`);

      // The ceiling: the whole log read through the store, page by page, nothing done with it;
      // measured before and after the rebuild (the mean), since the machine's load drifts meanwhile.
      const readBefore = await readRate(store);
      ctx.log(`read the log: ${readBefore.toFixed(0)} events/s`);

      // For comparison: the live projector, one event per transaction, on the first events.
      const sample = await store.readAll({ maxCount: ctx.quick ? 2_000 : 5_000 });
      const projector = new PaymentProjector(readModel);
      const p0 = process.hrtime.bigint();
      for (const event of sample) await projector.handle(event);
      const liveRate = sample.length / (Number(process.hrtime.bigint() - p0) / 1e9);
      ctx.log(`live projector: ${liveRate.toFixed(0)} events/s on the first ${sample.length} events`);
      await truncateReadModels(readModel);

      const result = await rebuildReadModels({
        store,
        readModel,
        onPage: (p) => {
          if (p.events % 100_000 === 0) ctx.log(`rebuild: ${p.events} events, ${(p.events / p.seconds).toFixed(0)} events/s`);
        },
      });
      const rate = result.events / result.seconds;
      const readAfter = await readRate(store);
      const ceiling = (readBefore + readAfter) / 2;
      ctx.log(`read the log again: ${readAfter.toFixed(0)} events/s`);
      const [payments] = await readModel.query<{ n: string }[]>('SELECT count(*)::text AS n FROM payments_v1');
      const unbalanced = await readModel.query<{ currency: string }[]>(
        'SELECT currency FROM account_balances_v1 GROUP BY currency HAVING sum(debit_minor) <> sum(credit_minor)',
      );
      const [deferred] = await readModel.query<{ n: string }[]>('SELECT count(*)::text AS n FROM read_model_rebuild_deferred_ddl');
      if (deferred?.n !== '0') throw new Error(`the rebuild left ${deferred?.n} deferred index statements unapplied`);
      if (result.events !== total) throw new Error(`rebuild read ${result.events} events, the log has ${total}`);
      if (unbalanced.length > 0) throw new Error(`rebuilt ledger does not balance in ${unbalanced.map((u) => u.currency).join(', ')}`);
      const { readWait, fold, write, indexes } = result.phases;
      const phases = `time: waiting for the log ${readWait.toFixed(1)} s, folding ${fold.toFixed(1)} s, writing ${write.toFixed(1)} s, building the deferred indexes ${indexes.toFixed(1)} s`;
      ctx.log(`rebuild: ${result.events} events in ${result.seconds.toFixed(1)} s = ${rate.toFixed(0)} events/s; ${payments?.n} payments; trial balance 0 per currency; ${phases}`);
      return [
        {
          suite: 'rebuild',
          metric: `rebuild ${total.toLocaleString('en-US')} events`,
          value: rate,
          unit: 'events/s',
          ceiling: { name: 'reading the log alone', value: ceiling },
          ratio: rate / ceiling,
          target: '≥ 20,000 events/s',
          met: rate >= TARGET,
          notes: `payments_v1 + payment_refunds_v1 + ledger from the log, pages of 20,000 events per transaction, indexes other than the upserted tables' primary keys built once at the end (from empty); ${payments?.n} payments, ~${(total / Number(payments?.n)).toFixed(1)} events each, ${IN_FLIGHT} interleaved; trial balance 0 per currency; ${phases}; reading the log alone ${readBefore.toFixed(0)} events/s before, ${readAfter.toFixed(0)} after`,
        },
        {
          suite: 'rebuild',
          metric: 'live projector (1 event per transaction)',
          value: liveRate,
          unit: 'events/s',
          notes: `PaymentProjector.handle on the first ${sample.length} events, for comparison with the batched rebuild`,
        },
      ];
    } finally {
      await readModel.destroy();
      await store.close();
      await pool.end();
    }
  },
};
