import { DLQ_HEADERS, PermanentError, deadLetterTopic, type DeliveredMessage, type MessageBus } from '../port';
import { consume, FAST_RETRY, numbered, recorder, settle, uniqueGroup, uniqueTopic, until } from './contract-helpers';

export interface BusUnderTest {
  readonly bus: MessageBus;
  cleanup(): Promise<void>;
}

/**
 * The semantics every MessageBus adapter must share (see port.ts). Delivery is at-least-once:
 * duplicates are allowed only when a consumer dies before committing. Every scenario here stops
 * cleanly, so each one demands exactly-once handling and says so.
 */
export function busContract(name: string, factory: () => Promise<BusUnderTest>): void {
  describe(`MessageBus contract: ${name}`, () => {
    let sut: BusUnderTest;
    let bus: MessageBus;
    beforeEach(async () => {
      sut = await factory();
      bus = sut.bus;
    });
    afterEach(async () => sut?.cleanup());

    it('delivers what was published, with key, headers, partition, offset and attempt 1', async () => {
      const topic = uniqueTopic('basic');
      const c = await consume(bus, topic, uniqueGroup('basic'));
      await bus.publish(topic, [{ key: 'a', value: '{"x":1}', headers: { traceparent: '00-abc', 'event-type': 'T' } }]);
      await until('one message', () => c.handled.length === 1);
      expect(c.handled[0]).toMatchObject({ topic, key: 'a', value: '{"x":1}', attempt: 1, headers: { traceparent: '00-abc', 'event-type': 'T' } });
      expect(typeof c.handled[0]?.partition).toBe('number');
      expect(c.handled[0]?.offset).toMatch(/^\d+$/);
      await c.subscription.stop();
    });

    it('keeps per-key order across many keys published in interleaved batches', async () => {
      const topic = uniqueTopic('order');
      const c = await consume(bus, topic, uniqueGroup('order'));
      const keys = Array.from({ length: 24 }, (_, i) => `stream-${i}`);
      for (let seq = 0; seq < 8; seq++) {
        await bus.publish(topic, keys.map((key) => ({ key, value: String(seq) })));
      }
      await until('all 192 messages', () => c.handled.length === 192);
      for (const key of keys) {
        expect(c.handled.filter((m) => m.key === key).map((m) => Number(m.value))).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
      }
      await c.subscription.stop();
    });

    it('gives every message to each of two groups, exactly once each', async () => {
      const topic = uniqueTopic('groups');
      const [a, b] = [await consume(bus, topic, uniqueGroup('a')), await consume(bus, topic, uniqueGroup('b'))];
      await bus.publish(topic, numbered(10, (i) => `k${i}`));
      await until('both groups got 10', () => a.handled.length >= 10 && b.handled.length >= 10);
      await settle(500);
      const expected = numbered(10).map((m) => m.value).sort();
      expect(a.values().sort()).toEqual(expected);
      expect(b.values().sort()).toEqual(expected);
      await Promise.all([a.subscription.stop(), b.subscription.stop()]);
    });

    it('lets the members of one group share the partitions, each message handled once', async () => {
      const topic = uniqueTopic('members');
      const group = uniqueGroup('members');
      const [m1, m2] = [await consume(bus, topic, group), await consume(bus, topic, group)];
      await bus.publish(topic, numbered(40, (i) => `key-${i}`));
      await until('40 messages in the group', () => m1.handled.length + m2.handled.length >= 40);
      await settle(500);
      expect([...m1.values(), ...m2.values()].sort()).toEqual(numbered(40, (i) => `key-${i}`).map((m) => m.value).sort());
      expect(m1.handled.length).toBeGreaterThan(0);
      expect(m2.handled.length).toBeGreaterThan(0);
      await Promise.all([m1.subscription.stop(), m2.subscription.stop()]);
    });

    it('acknowledges only after success: a handler that fails once gets the message again, nothing after it is skipped', async () => {
      const topic = uniqueTopic('redeliver');
      let failed = false;
      const c = await consume(bus, topic, uniqueGroup('redeliver'), async (m) => {
        if (m.value === 'm2' && !failed) {
          failed = true;
          throw new Error('transient');
        }
      });
      await bus.publish(topic, numbered(6));
      await until('six handled', () => c.handled.length === 6);
      expect(c.values()).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
      expect(c.attempts.map((m) => `${m.value}#${m.attempt}`)).toEqual(['m0#1', 'm1#1', 'm2#1', 'm2#2', 'm3#1', 'm4#1', 'm5#1']);
      await c.subscription.stop();
    });

    it('caps retries at maxAttempts, then dead-letters with the reason and goes on', async () => {
      const topic = uniqueTopic('capped');
      const dlq = await consume(bus, deadLetterTopic(topic), uniqueGroup('dlq'));
      const c = await consume(bus, topic, uniqueGroup('capped'), async (m) => {
        if (m.value === 'm0') throw new Error('bank said no');
      });
      await bus.publish(topic, numbered(2));
      await until('the next message handled and the poison dead-lettered', () => c.handled.length === 1 && dlq.handled.length === 1);
      expect(c.attempts.filter((m) => m.value === 'm0').map((m) => m.attempt)).toEqual([1, 2, 3]);
      const dead = dlq.handled[0];
      expect(dead).toMatchObject({ key: 'k', value: 'm0', headers: { n: '0', [DLQ_HEADERS.reason]: 'bank said no', [DLQ_HEADERS.originalTopic]: topic, [DLQ_HEADERS.attempts]: '3' } });
      expect(Number.isNaN(Date.parse(dead?.headers[DLQ_HEADERS.failedAt] ?? ''))).toBe(false);
      await Promise.all([c.subscription.stop(), dlq.subscription.stop()]);
    });

    it('sends a PermanentError straight to the dead-letter topic, without retries', async () => {
      const topic = uniqueTopic('permanent');
      const dlq = await consume(bus, deadLetterTopic(topic), uniqueGroup('dlq'));
      const c = await consume(bus, topic, uniqueGroup('permanent'), async () => {
        throw new PermanentError('malformed payment');
      });
      await bus.publish(topic, numbered(1));
      await until('dead-lettered', () => dlq.handled.length === 1);
      expect(c.attempts.map((m) => m.attempt)).toEqual([1]);
      expect(dlq.handled[0]?.headers[DLQ_HEADERS.reason]).toBe('malformed payment');
      expect(dlq.handled[0]?.headers[DLQ_HEADERS.attempts]).toBe('1');
      await Promise.all([c.subscription.stop(), dlq.subscription.stop()]);
    });

    it('never lets a poison message block later messages on its partition', async () => {
      const topic = uniqueTopic('poison');
      const c = await consume(bus, topic, uniqueGroup('poison'), async (m) => {
        if (m.value === 'm1' || m.value === 'm4') throw new Error('poison');
      });
      await bus.publish(topic, numbered(8)); // one key: one partition
      await until('the six good ones', () => c.handled.length === 6);
      expect(c.values()).toEqual(['m0', 'm2', 'm3', 'm5', 'm6', 'm7']);
      await c.subscription.stop();
    });

    it('hands waiting messages to a batch handler together, in order, at most maxMessages at a time', async () => {
      const topic = uniqueTopic('batch');
      await bus.publish(topic, numbered(20)); // one key: one partition, all waiting before the subscription
      const batches: string[][] = [];
      const single = recorder();
      const group = uniqueGroup('batch');
      const subscription = await bus.subscribe({
        groupId: group,
        topics: [topic],
        handler: single.handler,
        batch: { maxMessages: 8, handler: async (ms) => void batches.push(ms.map((m) => m.value)) },
        retry: FAST_RETRY,
      });
      await until('twenty in batches', () => batches.flat().length === 20);
      await subscription.stop();
      expect(batches.flat()).toEqual(numbered(20).map((m) => m.value));
      expect(Math.max(...batches.map((b) => b.length))).toBeGreaterThan(1);
      expect(batches.every((b) => b.length <= 8)).toBe(true);
      expect(single.values()).toEqual([]);
      // Committed as handled: the group resumes after them.
      const again = await consume(bus, topic, group);
      await settle(1_000);
      expect(again.values()).toEqual([]);
      await again.subscription.stop();
    });

    it('hands a failed batch to the handler message by message: only the poison one is dead-lettered', async () => {
      const topic = uniqueTopic('batch-poison');
      const dlq = await consume(bus, deadLetterTopic(topic), uniqueGroup('dlq'));
      await bus.publish(topic, numbered(6));
      let batchCalls = 0;
      const done: string[] = []; // handled, by the batch handler or one by one, in order
      const single = recorder(async (m) => {
        if (m.value === 'm3') throw new Error('poison');
        done.push(m.value);
      });
      const subscription = await bus.subscribe({
        groupId: uniqueGroup('batch-poison'),
        topics: [topic],
        handler: single.handler,
        batch: {
          maxMessages: 10,
          handler: async (ms: readonly DeliveredMessage[]) => {
            batchCalls += 1;
            if (ms.some((m) => m.value === 'm3')) throw new Error('poison in the batch');
            done.push(...ms.map((m) => m.value));
          },
        },
        retry: FAST_RETRY,
      });
      await until('the poison dead-lettered and the rest handled', () => dlq.handled.length === 1 && done.length === 5);
      await subscription.stop();
      expect(batchCalls).toBeGreaterThan(0);
      expect(dlq.values()).toEqual(['m3']);
      expect(single.attempts.filter((m) => m.value === 'm3').map((m) => m.attempt)).toEqual([1, 2, 3]);
      expect(done).toEqual(['m0', 'm1', 'm2', 'm4', 'm5']);
      await dlq.subscription.stop();
    });

    it('with concurrency, handles other ordering keys while one waits, each key in order, and commits them all', async () => {
      const topic = uniqueTopic('concurrent');
      const group = uniqueGroup('concurrent');
      // One message key (one partition); the ordering key alternates a, b, a, b, ... from a header.
      await bus.publish(topic, numbered(12).map((m, i) => ({ ...m, headers: { ...m.headers, o: i % 2 === 0 ? 'a' : 'b' } })));
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const c = recorder(async (m) => {
        if (m.value === 'm0') await gate; // the first 'a' waits
      });
      const subscription = await bus.subscribe({
        groupId: group,
        topics: [topic],
        handler: c.handler,
        concurrency: { maxInFlight: 4, orderingKey: (m) => m.headers['o'] ?? m.key },
        retry: FAST_RETRY,
      });
      // Every 'b' is handled while m0 holds up the 'a's behind it.
      await until('the six b handled', () => c.handled.filter((m) => m.headers['o'] === 'b').length === 6);
      expect(c.values().filter((v) => Number(v.slice(1)) % 2 === 0)).toEqual([]);
      release();
      await until('all twelve', () => c.handled.length === 12);
      await subscription.stop();
      expect(c.handled.filter((m) => m.headers['o'] === 'a').map((m) => m.value)).toEqual(['m0', 'm2', 'm4', 'm6', 'm8', 'm10']);
      expect(c.handled.filter((m) => m.headers['o'] === 'b').map((m) => m.value)).toEqual(['m1', 'm3', 'm5', 'm7', 'm9', 'm11']);
      const again = await consume(bus, topic, group);
      await settle(1_000);
      expect(again.values()).toEqual([]);
      await again.subscription.stop();
    });

    it('resumes a re-subscribed group after its last handled message, redelivering nothing', async () => {
      const topic = uniqueTopic('resume');
      const group = uniqueGroup('resume');
      const first = await consume(bus, topic, group);
      await bus.publish(topic, numbered(5, (i) => `k${i % 3}`));
      await until('first five', () => first.handled.length === 5);
      await first.subscription.stop();
      await bus.publish(topic, numbered(5, (i) => `k${i % 3}`, 5));
      const second = await consume(bus, topic, group);
      await until('next five', () => second.handled.length >= 5);
      await settle();
      // A clean stop committed everything handled: no duplicates allowed here.
      expect(second.values().sort()).toEqual(['m5', 'm6', 'm7', 'm8', 'm9']);
      await second.subscription.stop();
    });

    it('on stop, lets the in-flight handler finish and commits it; the unhandled rest comes to the next member', async () => {
      const topic = uniqueTopic('stop');
      const group = uniqueGroup('stop');
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const first = await consume(bus, topic, group, async (m) => {
        if (m.value === 'm0') await gate;
      });
      await bus.publish(topic, numbered(3));
      await until('m0 in flight', () => first.attempts.length === 1);
      let stopped = false;
      const stopping = first.subscription.stop().then(() => (stopped = true));
      await settle(200);
      expect(stopped).toBe(false);
      release();
      await stopping;
      expect(first.values()).toEqual(['m0']);
      const second = await consume(bus, topic, group);
      await until('the rest', () => second.handled.length >= 2);
      await settle(500);
      expect(second.values()).toEqual(['m1', 'm2']);
      await second.subscription.stop();
    });
  });
}
