import type { DataSource } from 'typeorm';
import { PostgresEventStore, type RecordedEvent } from '@pl/event-store';
import { createTestDatabase, paymentLifecycles, seededRandom } from '@pl/testing';
import { openReadModel } from '../../read-model/data-source';
import { appendInterleaved, snapshot, wholeLog } from '../../testing/read-model-fixtures';
import { PaymentProjector, ProjectionGapError } from '../payment-projector';

describe('reporting projects a batch of events in one transaction exactly as it projects them one by one', () => {
  let oneByOne: { url: string; drop(): Promise<void> };
  let batched: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;
  let oneByOneModel: DataSource;
  let batchedModel: DataSource;
  let log: RecordedEvent[];

  beforeAll(async () => {
    oneByOne = await createTestDatabase('projection_single');
    batched = await createTestDatabase('projection_batched');
    store = new PostgresEventStore(oneByOne.url);
    await store.ensureSchema();
    oneByOneModel = await openReadModel(oneByOne.url);
    batchedModel = await openReadModel(batched.url);
    await appendInterleaved(store, [...paymentLifecycles(200, 7)]);
    log = await wholeLog(store);
  });
  afterAll(async () => {
    await oneByOneModel?.destroy();
    await batchedModel?.destroy();
    await store?.close();
    await oneByOne?.drop();
    await batched?.drop();
  });

  it('given about 1,200 events in batches of 1 to 60, some delivered twice, when each batch is one transaction, then every table equals the one-by-one projection', async () => {
    expect(log.length).toBeGreaterThan(1_000);
    const single = new PaymentProjector(oneByOneModel);
    for (const event of log) await single.handle(event);

    const projector = new PaymentProjector(batchedModel);
    // Batch sizes from 1 to 60, seeded so that a failure replays the same way.
    const random = seededRandom(11);
    let applied = 0;
    let duplicates = 0;
    for (let i = 0, batch = 0; i < log.length; batch += 1) {
      const size = 1 + Math.floor(random() * 60);
      // At-least-once: every fourth batch starts with the last events of the one before, again.
      const redelivered = batch % 4 === 3 ? log.slice(Math.max(0, i - 3), i) : [];
      const outcome = await projector.handleBatch([...redelivered, ...log.slice(i, i + size)]);
      applied += outcome.applied;
      duplicates += outcome.duplicates;
      i += size;
    }
    expect(applied).toBe(log.length);
    expect(duplicates).toBeGreaterThan(0);

    const [expected, actual] = await Promise.all([snapshot(oneByOne.url), snapshot(batched.url)]);
    expect(expected['payments_v1']).toHaveLength(200);
    expect(expected['payment_refunds_v1']!.length).toBeGreaterThan(0);
    expect(expected['ledger_postings_v1']!.length).toBeGreaterThan(500);
    expect(actual).toEqual(expected);
  }, 300_000);

  it('given a batch with a gap in one stream, when it is projected, then it fails as a whole and writes nothing', async () => {
    const fresh = await createTestDatabase('projection_gap');
    const model = await openReadModel(fresh.url);
    try {
      const projector = new PaymentProjector(model);
      const stream = log.filter((e) => e.streamId === log[0]!.streamId);
      const other = log.find((e) => e.streamId !== log[0]!.streamId && e.revision === 0n)!;
      // The other stream's first event and this stream's first, then its third without its second.
      await expect(projector.handleBatch([other, stream[0]!, stream[2]!])).rejects.toThrow(ProjectionGapError);
      const rows = await model.query('SELECT count(*)::int AS n FROM payments_v1');
      const postings = await model.query('SELECT count(*)::int AS n FROM ledger_postings_v1');
      const checkpoints = await model.query('SELECT count(*)::int AS n FROM projection_checkpoints');
      expect([rows[0].n, postings[0].n, checkpoints[0].n]).toEqual([0, 0, 0]);
      // One by one, the bus's fallback, the events before the gap are applied.
      await expect(projector.handleBatch([other, stream[0]!])).resolves.toEqual({ applied: 2, duplicates: 0 });
    } finally {
      await model.destroy();
      await fresh.drop();
    }
  });
});
