import { kafkaBrokersOrSkip } from '@pl/testing';
import { busContract } from '../contract/bus.contract';
import { KafkaBus } from './kafka-bus';

const brokers = kafkaBrokersOrSkip('Kafka bus contract');

if (brokers) {
  busContract('KafkaBus', async () => {
    const bus = new KafkaBus({ brokers, clientId: 'bus-contract', maxWaitTimeInMs: 100 });
    return { bus, cleanup: () => bus.close() };
  });
} else {
  test.skip('Kafka bus contract (no broker)', () => undefined);
}
