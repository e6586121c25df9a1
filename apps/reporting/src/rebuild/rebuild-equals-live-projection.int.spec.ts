import type { DataSource } from 'typeorm';
import { PostgresEventStore } from '@pl/event-store';
import { createTestDatabase, paymentLifecycles } from '@pl/testing';
import { PaymentProjector } from '../projections/payment-projector';
import { openReadModel } from '../read-model/data-source';
import { appendInterleaved, schemaOf, snapshot, wholeLog } from '../testing/read-model-fixtures';
import { rebuildReadModels } from './rebuild-read-models';

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
    // The rebuild from empty set indexes and autovacuum aside while it wrote: all back as migrated.
    expect(await schemaOf(rebuilt.url)).toEqual(await schemaOf(live.url));
    expect((await schemaOf(live.url)).length).toBeGreaterThan(5);
    expect(await rebuiltModel.query('SELECT count(*)::int AS n FROM read_model_rebuild_deferred_ddl')).toEqual([{ n: 0 }]);

    // Run again, it resumes after its checkpoint: nothing left to apply, nothing changes.
    await expect(rebuildReadModels({ store, readModel: rebuiltModel, pageSize: 97 })).resolves.toMatchObject({ events: 0, applied: 0 });
    expect(await snapshot(rebuilt.url)).toEqual(expected);
  }, 300_000);
});
