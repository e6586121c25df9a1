import { InProcessBus } from '../in-process-bus';
import type { DeliveredMessage } from '../port';

const TOPIC = 'retention.test';
/** One partition, so offsets are a plain sequence; small numbers, so the bound is visible. */
const options = { partitions: 1, retention: { retain: 10, trimEvery: 5 } };

async function publishNumbered(bus: InProcessBus, from: number, count: number): Promise<void> {
  for (let i = from; i < from + count; i++) await bus.publish(TOPIC, [{ key: 'k', value: String(i) }]);
}

/** Subscribes a group and resolves with what it received once `count` messages arrived. */
async function collect(bus: InProcessBus, groupId: string, count: number): Promise<{ messages: DeliveredMessage[]; stop: () => Promise<void> }> {
  const messages: DeliveredMessage[] = [];
  let arrived!: () => void;
  const done = new Promise<void>((resolve) => (arrived = resolve));
  const subscription = await bus.subscribe({
    groupId,
    topics: [TOPIC],
    handler: async (message) => {
      messages.push(message);
      if (messages.length === count) arrived();
    },
  });
  await done;
  return { messages, stop: () => subscription.stop() };
}

/** A group that joins late (from the beginning) sees exactly what the topic still holds. */
async function heldNow(bus: InProcessBus, expected: number): Promise<DeliveredMessage[]> {
  const late = await collect(bus, `late-${Math.random()}`, expected);
  await new Promise((resolve) => setTimeout(resolve, 20)); // nothing more than expected arrives
  await late.stop();
  return late.messages;
}

describe('in-process bus retention', () => {
  it('drops what every group has handled, keeping the newest messages per partition', async () => {
    const bus = new InProcessBus(options);
    try {
      const reader = collect(bus, 'reader', 100);
      await publishNumbered(bus, 0, 100);
      const { messages, stop } = await reader;
      expect(messages.map((m) => m.value)).toEqual(Array.from({ length: 100 }, (_, i) => String(i)));
      await stop();

      // Trimming runs in steps of 5 once more than the 10 newest are handled: 10 to 14 remain.
      const held = await heldNow(bus, 10);
      expect(held.length).toBeGreaterThanOrEqual(10);
      expect(held.length).toBeLessThan(15);
      // The newest, with their own offsets (offsets never move), in order.
      expect(held.map((m) => Number(m.value))).toEqual(Array.from({ length: held.length }, (_, i) => 100 - held.length + i));
      expect(held.map((m) => Number(m.offset))).toEqual(held.map((m) => Number(m.value)));
    } finally {
      await bus.close();
    }
  });

  it('never drops a message a known group has not handled, even one whose members all left', async () => {
    const bus = new InProcessBus(options);
    try {
      // "slow" joins, handles the first 3 messages, and leaves: its committed offset stays at 3.
      const slow = collect(bus, 'slow', 3);
      await publishNumbered(bus, 0, 3);
      await (await slow).stop();

      const fast = collect(bus, 'fast', 197);
      await publishNumbered(bus, 3, 197);
      await (await fast).stop();

      // When "slow" comes back it gets every message after its offset: nothing was trimmed under it.
      const back = await collect(bus, 'slow', 197);
      await back.stop();
      expect(back.messages.map((m) => Number(m.value))).toEqual(Array.from({ length: 197 }, (_, i) => i + 3));
      expect(back.messages[0]!.offset).toBe('3');

      // Now that both have handled everything, the topic shrinks to its newest messages.
      await bus.publish(TOPIC, [{ key: 'k', value: '200' }]);
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect((await heldNow(bus, 10)).length).toBeLessThan(15);
    } finally {
      await bus.close();
    }
  });

  it('bounds a topic that no group reads (a dead-letter topic) to its newest messages', async () => {
    const bus = new InProcessBus(options);
    try {
      await publishNumbered(bus, 0, 1_000);
      const held = await heldNow(bus, 10);
      expect(held.length).toBeLessThan(15);
      expect(held.at(-1)!.value).toBe('999');
    } finally {
      await bus.close();
    }
  });
});
