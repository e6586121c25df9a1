import { randomUUID } from 'node:crypto';
import { eventually, kafkaBrokersOrSkip } from '@pl/testing';
import type { DeliveredMessage } from '../port';
import { KafkaBus } from './kafka-bus';

/** Two deployments on one cluster: the same topic and group names, never each other's messages. */
const brokers = kafkaBrokersOrSkip('Kafka namespaces');
const describeKafka = brokers ? describe : describe.skip;

describeKafka('Kafka namespaces keep deployments on one cluster apart', () => {
  const run = randomUUID().slice(0, 8);
  const blue = new KafkaBus({ brokers: brokers ?? [], clientId: 'ns-blue', namespace: `blue-${run}.`, maxWaitTimeInMs: 100 });
  const green = new KafkaBus({ brokers: brokers ?? [], clientId: 'ns-green', namespace: `green-${run}.`, maxWaitTimeInMs: 100 });
  afterAll(async () => {
    await blue.close();
    await green.close();
  });

  it('delivers a message only within its namespace, under the plain topic name', async () => {
    const seen: Record<'blue' | 'green', DeliveredMessage[]> = { blue: [], green: [] };
    await blue.subscribe({ groupId: 'reporting', topics: ['ledger.payment.events'], handler: async (m) => void seen.blue.push(m) });
    await green.subscribe({ groupId: 'reporting', topics: ['ledger.payment.events'], handler: async (m) => void seen.green.push(m) });
    await blue.publish('ledger.payment.events', [{ key: 'k', value: 'for blue' }]);
    await green.publish('ledger.payment.events', [{ key: 'k', value: 'for green' }]);
    await eventually(async () => (seen.blue.length > 0 && seen.green.length > 0 ? true : undefined), 30_000, 'both deliveries');
    await new Promise((r) => setTimeout(r, 500));
    expect(seen.blue.map((m) => [m.topic, m.value])).toEqual([['ledger.payment.events', 'for blue']]);
    expect(seen.green.map((m) => [m.topic, m.value])).toEqual([['ledger.payment.events', 'for green']]);
  }, 60_000);
});
