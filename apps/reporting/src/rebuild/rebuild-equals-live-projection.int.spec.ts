import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import { PostgresEventStore, START, type EventStore, type RecordedEvent } from '@pl/event-store';
import { createTestDatabase, paymentLifecycles, type PaymentLifecycle } from '@pl/testing';
import { PaymentProjector } from '../projections/payment-projector';
import { openReadModel } from '../read-model/data-source';
import { REBUILT_TABLES, rebuildReadModels } from './rebuild-read-models';

/** Every row of every rebuilt table, in primary-key order; the checkpoint's wall-clock time left out. */
async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const order: Record<(typeof REBUILT_TABLES)[number], string> = {
    payments_v1: 'payment_id',
    payment_refunds_v1: 'refund_id',
    ledger_postings_v1: 'entry_id, leg',
    account_balances_v1: 'account, currency',
    projection_checkpoints: 'projection',
  };
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables: Record<string, unknown[]> = {};
    for (const table of REBUILT_TABLES) {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${order[table]}`);
      tables[table] = rows.map(({ updated_at, ...rest }) => (table === 'projection_checkpoints' ? rest : { updated_at, ...rest }));
    }
    return tables;
  } finally {
    await client.end();
  }
}

/** The payments' events appended one per append as the services do, 8 at a time, so streams interleave in the log. */
async function appendInterleaved(store: EventStore, lifecycles: readonly PaymentLifecycle[]): Promise<number> {
  let appended = 0;
  const longest = Math.max(...lifecycles.map((l) => l.events.length));
  for (let revision = 0; revision < longest; revision++) {
    const due = lifecycles.filter((l) => l.events.length > revision);
    for (let i = 0; i < due.length; i += 8) {
      await Promise.all(
        due.slice(i, i + 8).map((l) => store.append(l.streamId, [l.events[revision]!], { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) })),
      );
      appended += Math.min(8, due.length - i);
    }
  }
  return appended;
}

async function wholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for (let after = START; ; ) {
    const page = await store.readAll({ after, maxCount: 500 });
    if (page.length === 0) return log;
    log.push(...page);
    after = page.at(-1)!.position;
  }
}

describe('a read model rebuilt from the log in batches equals the live projection, row for row', () => {
  let live: { url: string; drop(): Promise<void> };
  let rebuilt: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;
  let liveModel: DataSource;
  let rebuiltModel: DataSource;

  beforeAll(async () => {
    live = await createTestDatabase('rebuild_live');
    rebuilt = await createTestDatabase('rebuild_batch');
    store = new PostgresEventStore(live.url);
    await store.ensureSchema();
    liveModel = await openReadModel(live.url);
    rebuiltModel = await openReadModel(rebuilt.url);
  });
  afterAll(async () => {
    await liveModel?.destroy();
    await rebuiltModel?.destroy();
    await store?.close();
    await live?.drop();
    await rebuilt?.drop();
  });

  it('given about 2,000 events of settled, rerouted, declined, rejected and refunded payments, when the live projector applies each and the rebuild folds the log in pages, then every table is equal', async () => {
    const lifecycles = [...paymentLifecycles(330, 42)];
    const appended = await appendInterleaved(store, lifecycles);
    const log = await wholeLog(store);
    expect(log).toHaveLength(appended);
    expect(appended).toBeGreaterThan(1_900);

    // The live projection: one event per transaction, as the bus delivers them (one event twice: at-least-once).
    const projector = new PaymentProjector(liveModel);
    for (const event of log) await projector.handle(event);
    await projector.handle(log[100]!);

    // The rebuild: small pages and a small cache, so payments span pages and rows are read back.
    const result = await rebuildReadModels({ store, readModel: rebuiltModel, pageSize: 97, maxCachedRows: 40 });
    expect(result.events).toBe(log.length);

    const [expected, actual] = await Promise.all([snapshot(live.url), snapshot(rebuilt.url)]);
    // Not vacuous: every kind of row is there.
    expect(expected['payments_v1']).toHaveLength(lifecycles.length);
    expect(expected['payment_refunds_v1']!.length).toBeGreaterThan(0);
    expect(expected['ledger_postings_v1']!.length).toBeGreaterThan(1_000);
    expect(new Set(expected['payments_v1']!.map((r) => (r as { status: string }).status))).toEqual(
      new Set(['settled', 'declined', 'rejected', 'authorized']),
    );
    expect(actual).toEqual(expected);

    // Run again, it resumes after its checkpoint: nothing left to apply, nothing changes.
    await expect(rebuildReadModels({ store, readModel: rebuiltModel, pageSize: 97 })).resolves.toMatchObject({ events: 0, applied: 0 });
    expect(await snapshot(rebuilt.url)).toEqual(expected);
  }, 300_000);
});
