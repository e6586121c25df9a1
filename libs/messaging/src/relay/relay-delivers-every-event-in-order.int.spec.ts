import { randomUUID } from 'node:crypto';
import { PostgresEventStore, type RecordedEvent } from '@pl/event-store';
import { createTestDatabase, eventually } from '@pl/testing';
import { fromBusMessage } from '../envelope';
import { InProcessBus } from '../in-process-bus';
import { topicForStream } from '../topics';
import { PostgresCheckpointStore } from './postgres-checkpoint-store';
import { Relay } from './relay';
import { checkArrivals } from './testing/arrivals';
import { writeStreams } from './testing/write-streams';

/**
 * Given streams written to the PostgreSQL event store before and while the relay runs, and a
 * relay stopped and started again half-way, when a consumer group reads the bus, then every event
 * arrives once, each stream in revision order, and the checkpoint is the last event's position.
 */
describe('the relay delivers every committed event, in stream order, exactly once across a clean restart', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;
  let checkpoints: PostgresCheckpointStore;
  const bus = new InProcessBus();

  beforeAll(async () => {
    db = await createTestDatabase('relay');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
    checkpoints = new PostgresCheckpointStore(db.url);
    await checkpoints.ensureSchema();
  });

  afterAll(async () => {
    await bus.close();
    await store?.close();
    await checkpoints?.close();
    await db?.drop();
  });

  it('publishes the backlog and the live tail, and resumes after stop without repeating itself', async () => {
    const category = `order${randomUUID().slice(0, 8)}`;
    const arrived: RecordedEvent[] = [];
    await bus.subscribe({ groupId: 'order-test', topics: [topicForStream(`${category}-x`)], handler: async (m) => void arrived.push(fromBusMessage(m)) });

    const backlog = await writeStreams(store, { category, count: 40, concurrency: 4, maxPauseMs: 0 });
    const first = new Relay({ store, bus, checkpoints, name: 'order-test', maxBatch: 16 });
    first.start();
    const live = writeStreams(store, { category, count: 60, concurrency: 6, maxPauseMs: 5 });
    await new Promise((r) => setTimeout(r, 150));
    await first.stop(); // mid-stream: the relay that follows must pick up exactly where this one checkpointed
    const second = new Relay({ store, bus, checkpoints, name: 'order-test', maxBatch: 16 });
    second.start();
    const written = new Map([...backlog.streams, ...(await live).streams]);
    const total = backlog.total + [...(await live).streams.values()].reduce((n, ids) => n + ids.length, 0);

    await eventually(async () => (arrived.length >= total ? true : undefined), 30_000, `${total} events on the bus`);
    await second.stop();
    const report = checkArrivals(written, arrived);
    expect(report).toEqual({ received: total, duplicates: 0, missing: [], outOfOrder: [] });
    const all = await store.readAll();
    expect(await checkpoints.load('order-test')).toEqual(all[all.length - 1]?.position);
    expect(first.status().published + second.status().published).toBe(total);
  });
});
