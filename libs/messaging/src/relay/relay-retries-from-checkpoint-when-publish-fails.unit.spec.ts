import { randomUUID } from 'node:crypto';
import { MemoryEventStore, type RecordedEvent } from '@pl/event-store';
import { eventually } from '@pl/testing';
import { fromBusMessage } from '../envelope';
import { InProcessBus } from '../in-process-bus';
import type { MessageBus, OutgoingMessage } from '../port';
import { topicForStream } from '../topics';
import { MemoryCheckpointStore } from './checkpoint-store';
import { Relay } from './relay';
import { checkArrivals } from './testing/arrivals';
import { writeStreams } from './testing/write-streams';

/** A bus whose publishes fail now and then: the broker timing out before (or after) it stored the batch. */
class FlakyBus {
  calls = 0;
  failures = 0;
  constructor(private readonly inner: MessageBus) {}
  bus(): MessageBus {
    return {
      publish: async (topic: string, messages: readonly OutgoingMessage[]) => {
        this.calls++;
        if (this.calls % 4 === 0) {
          this.failures++;
          // Half the failures after the broker stored the batch: the ack was lost, a retry duplicates.
          if (this.failures % 2 === 0) await this.inner.publish(topic, messages);
          throw new Error('broker timed out');
        }
        await this.inner.publish(topic, messages);
      },
      subscribe: (o) => this.inner.subscribe(o),
      ping: () => this.inner.ping(),
      close: () => this.inner.close(),
    };
  }
}

/**
 * Given a bus that fails every fourth publish (half of them after storing the batch), when the
 * relay carries 50 streams, then it starts over from its checkpoint each time: every event
 * arrives, first deliveries in stream order, and the only cost is counted redeliveries.
 */
describe('the relay starts over from its checkpoint when a publish fails', () => {
  it('loses nothing and reorders nothing', async () => {
    const store = new MemoryEventStore();
    const inner = new InProcessBus();
    const flaky = new FlakyBus(inner);
    const checkpoints = new MemoryCheckpointStore();
    const errors: unknown[] = [];
    const category = `flaky${randomUUID().slice(0, 8)}`;
    const arrived: RecordedEvent[] = [];
    await inner.subscribe({ groupId: 'g', topics: [topicForStream(`${category}-x`)], handler: async (m) => void arrived.push(fromBusMessage(m)) });

    const relay = new Relay({ store, bus: flaky.bus(), checkpoints, name: 'flaky', maxBatch: 8, retryDelayMs: 5, onError: (e) => errors.push(e) });
    relay.start();
    const written = await writeStreams(store, { category, count: 50, concurrency: 5, maxPauseMs: 2 });
    await eventually(async () => (new Set(arrived.map((e) => e.eventId)).size === written.total ? true : undefined), 20_000, 'every event');
    // Every event can have arrived while the relay still retries the last batch (its publish "failed"
    // after the broker stored it): the checkpoint reaches the end once that retry has gone through.
    const all = await store.readAll();
    const last = all[all.length - 1]?.position;
    await eventually(
      async () => {
        const at = await checkpoints.load('flaky');
        return at?.commit === last?.commit && at?.prepare === last?.prepare ? true : undefined;
      },
      20_000,
      'the checkpoint at the last event',
    );
    await relay.stop();

    const report = checkArrivals(written.streams, arrived);
    expect(report.missing).toEqual([]);
    expect(report.outOfOrder).toEqual([]);
    expect(report.received).toBe(written.total + report.duplicates); // lost acks cost redeliveries, nothing else
    expect(errors.length).toBe(flaky.failures);
    expect(flaky.failures).toBeGreaterThan(0);
    expect(await checkpoints.load('flaky')).toEqual(last);
    await inner.close();
  });
});
