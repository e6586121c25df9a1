import { randomUUID } from 'node:crypto';
import { comparePositions, MemoryEventStore, type Position } from '@pl/event-store';
import { eventually } from '@pl/testing';
import { fromBusMessage } from '../envelope';
import { InProcessBus } from '../in-process-bus';
import { topicForStream } from '../topics';
import { MemoryCheckpointStore } from './checkpoint-store';
import { CheckpointsAfterHandling } from './checkpoints-after-handling';
import { Relay } from './relay';
import { testEvent } from './testing/write-streams';

/**
 * Given the embedded platform's shape (the in-process bus, a durable checkpoint, a consumer that
 * has not handled everything yet), when the process stops, then the durable checkpoint is no
 * further than what the consumer handled, and a new process (a new bus, a new relay on the same
 * checkpoint) delivers the rest: nothing published into memory is lost with it.
 */
describe('the relay checkpoints in-process messages only once they are handled', () => {
  it('publishes again after a restart what a consumer had not handled', async () => {
    const store = new MemoryEventStore();
    const durable = new MemoryCheckpointStore();
    const category = `inproc${randomUUID().slice(0, 8)}`;
    const topic = topicForStream(`${category}-x`);
    const streams = Array.from({ length: 20 }, () => `${category}-${randomUUID()}`);
    for (const stream of streams) await store.append(stream, [testEvent(stream, 0), testEvent(stream, 1)], { expectedRevision: 'no_stream' });
    const all = await store.readAll();

    // First process: the consumer handles 15 events, then stalls on the 16th until the process stops.
    const bus = new InProcessBus({ partitions: 1 });
    const handled: string[] = [];
    let stalled!: () => void;
    const stall = new Promise<void>((resolve) => (stalled = resolve));
    const subscription = await bus.subscribe({
      groupId: 'consumer',
      topics: [topic],
      handler: async (message) => {
        if (handled.length === 15) {
          stalled();
          await new Promise(() => undefined); // never returns: the process is about to stop
        }
        handled.push(fromBusMessage(message).eventId);
      },
    });
    const checkpoints = new CheckpointsAfterHandling(durable, bus, 5);
    const relay = new Relay({ store, bus, checkpoints, name: 'embedded', maxBatch: 4 });
    relay.start();
    await stall;
    await eventually(async () => (relay.status().published === all.length ? true : undefined), 5_000, 'every event published');
    await relay.stop();
    await checkpoints.close();
    void subscription; // the stalled handler is abandoned with the process

    // Every event was published and the relay saved its last position, yet the durable checkpoint
    // stands at or before the 15th event, the last one handled.
    const saved = await durable.load('embedded');
    expect(saved).toBeDefined();
    expect(comparePositions(saved as Position, all[14]!.position)).toBeLessThanOrEqual(0);
    expect(comparePositions(saved as Position, all[all.length - 1]!.position)).toBeLessThan(0);

    // Second process: a fresh bus, the same durable checkpoint. The consumer gets the rest.
    const bus2 = new InProcessBus({ partitions: 1 });
    const second: string[] = [];
    await bus2.subscribe({ groupId: 'consumer', topics: [topic], handler: async (message) => void second.push(fromBusMessage(message).eventId) });
    const checkpoints2 = new CheckpointsAfterHandling(durable, bus2, 5);
    const relay2 = new Relay({ store, bus: bus2, checkpoints: checkpoints2, name: 'embedded', maxBatch: 4 });
    relay2.start();
    try {
      await eventually(async () => (second.includes(all[all.length - 1]!.eventId) ? true : undefined), 5_000, 'the last event after the restart');
      const seen = new Set([...handled, ...second]);
      expect(all.filter((e) => !seen.has(e.eventId))).toEqual([]);
      // Redelivered: only events after the durable checkpoint, in log order.
      expect(second).toEqual(all.filter((e) => comparePositions(e.position, saved as Position) > 0).map((e) => e.eventId));
      // And once everything is handled the checkpoint catches up with the log.
      await eventually(async () => {
        const now = await durable.load('embedded');
        return now && comparePositions(now, all[all.length - 1]!.position) === 0 ? true : undefined;
      }, 5_000, 'the checkpoint at the end of the log');
    } finally {
      await relay2.stop();
      await checkpoints2.close();
      await bus2.close();
    }
  });
});
