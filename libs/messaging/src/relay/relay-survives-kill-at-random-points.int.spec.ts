import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore, type RecordedEvent } from '@pl/event-store';
import { createTestDatabase, eventually, freePort, kafkaBrokersOrSkip, spawnEntry, waitForReady, type RunningProcess } from '@pl/testing';
import { fromBusMessage } from '../envelope';
import { ensureProcessedMessagesSchema, processOnce } from '../idempotent-consumer';
import { KafkaBus } from '../kafka/kafka-bus';
import type { Subscription } from '../port';
import { topicForStream } from '../topics';
import { checkArrivals } from './testing/arrivals';
import { writeStreams } from './testing/write-streams';

const brokers = kafkaBrokersOrSkip('relay survives kill at random points');
const KILLS = 5;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Given 300 streams written while the relay runs as its own process, when the relay is SIGKILLed
 * at random moments five times and restarted each time, then a Kafka consumer group receives every
 * event, each stream's first deliveries in revision order without gaps; redeliveries (at-least-once)
 * are counted, and the idempotent consumer turns them into exactly one effect per event.
 */
(brokers ? describe : describe.skip)('the relay survives SIGKILL at random points (real Kafka, separate process)', () => {
  let db: { url: string; drop(): Promise<void> };
  let store: PostgresEventStore;
  let pool: Pool;
  let bus: KafkaBus;
  let subscription: Subscription | undefined;
  let relay: RunningProcess | undefined;

  beforeAll(async () => {
    db = await createTestDatabase('relaykill');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
    pool = new Pool({ connectionString: db.url, max: 4 });
    await ensureProcessedMessagesSchema(pool);
    await pool.query('CREATE TABLE effects (event_id text NOT NULL, stream_id text NOT NULL, revision bigint NOT NULL)');
    bus = new KafkaBus({ brokers: brokers ?? [], clientId: 'relay-kill-test', maxWaitTimeInMs: 100 });
  });

  afterAll(async () => {
    await relay?.kill();
    await subscription?.stop();
    await bus?.close();
    await pool?.end();
    await store?.close();
    await db?.drop();
  });

  it('delivers every event at least once, in stream order, with exactly one effect each', async () => {
    const category = `kill${randomUUID().slice(0, 8)}`;
    const arrived: RecordedEvent[] = [];
    subscription = await bus.subscribe({
      groupId: `relay-kill-${category}`,
      topics: [topicForStream(`${category}-x`)],
      handler: async (message) => {
        const event = fromBusMessage(message);
        arrived.push(event);
        await processOnce(pool, 'relay-kill-test', event.eventId, async (tx) => {
          await tx.query('INSERT INTO effects VALUES ($1, $2, $3)', [event.eventId, event.streamId, event.revision.toString()]);
        });
      },
    });

    const startRelay = async (): Promise<RunningProcess> => {
      const port = await freePort();
      const proc = spawnEntry('apps/relay/src/main.ts', {
        DATABASE_URL: db.url,
        KAFKA_BROKERS: (brokers ?? []).join(','),
        RELAY_NAME: `kill-${category}`,
        RELAY_HEALTH_PORT: String(port),
      });
      await waitForReady(`http://127.0.0.1:${port}/health/ready`, proc);
      return proc;
    };

    const writing = writeStreams(store, { category, count: 300, concurrency: 3, maxPauseMs: 80 }) // ~10 s: spans the kills;
    const killedAt: number[] = [];
    for (let kill = 0; kill < KILLS; kill++) {
      relay = await startRelay();
      await sleep(100 + Math.random() * 1_400);
      killedAt.push(arrived.length);
      await relay.kill(); // SIGKILL: no shutdown hook runs, the checkpoint is wherever it was
    }
    const written = await writing;
    relay = await startRelay();

    await eventually(async () => (new Set(arrived.map((e) => e.eventId)).size >= written.total ? true : undefined), 60_000, `${written.total} distinct events`);
    await relay.stop(); // SIGTERM: graceful this time
    expect(relay.child.exitCode).toBe(0);
    await sleep(500); // let any last redelivery land before counting

    const report = checkArrivals(written.streams, arrived);
    const effects = await pool.query<{ n: string }>('SELECT count(*) AS n FROM effects');
    process.stderr.write(
      `[relay kill test] ${written.streams.size} streams, ${written.total} events, ${KILLS} kills ` +
        `(messages seen at each kill: ${killedAt.join(', ')}); received ${report.received}, ` +
        `duplicates ${report.duplicates}, effects ${effects.rows[0]?.n}\n`,
    );
    expect(report.missing).toEqual([]);
    expect(report.outOfOrder).toEqual([]);
    expect(report.received).toBe(written.total + report.duplicates);
    expect(Number(effects.rows[0]?.n)).toBe(written.total);
  }, 120_000);
});
