import type { JsonObject, RecordedEvent } from '@pl/event-store';
import { InProcessBus, PAYMENT_EVENTS_TOPIC, toBusMessage } from '@pl/messaging';
import { PaymentsInFlight } from './payments-in-flight';

let position = 0n;
const event = (streamId: string, type: string, data: JsonObject): RecordedEvent => ({
  eventId: `00000000-0000-4000-8000-${String(++position).padStart(12, '0')}`,
  streamId,
  revision: 0n,
  position: { commit: position, prepare: position },
  type,
  data,
  metadata: { schemaVersion: 1, correlationId: streamId, causationId: 'test', actor: 'test', occurredAt: '2026-12-07T10:00:00.000Z', prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) },
  recordedAt: new Date('2026-12-07T10:00:00.000Z'),
});

/**
 * Load shedding tells a new request from a possible retry by its Idempotency-Key alone
 * (shed-new-payments.ts): the keys of the payments in flight are known while they are, and two
 * clients' payments under one key keep it known until both are done.
 */
describe('the payments in flight know the keys they were requested with', () => {
  it('knows a key while a payment requested with it is worked on, and forgets it when the last one ends', async () => {
    const bus = new InProcessBus({ partitions: 1 });
    const inFlight = new PaymentsInFlight(bus, { maxPaymentsInFlight: 10 });
    await inFlight.onApplicationBootstrap();
    const settle = async (...events: RecordedEvent[]) => {
      await bus.publish(PAYMENT_EVENTS_TOPIC, events.map(toBusMessage));
      await new Promise((resolve) => setTimeout(resolve, 50));
    };

    await settle(event('payment-a', 'PaymentRequested', { idempotencyKey: 'key-1' }), event('payment-b', 'PaymentRequested', { idempotencyKey: 'key-1' }), event('payment-c', 'PaymentRequested', { idempotencyKey: 'key-2' }));
    expect([inFlight.hasKey('key-1'), inFlight.hasKey('key-2'), inFlight.hasKey('key-3'), inFlight.count()]).toEqual([true, true, false, 3]);

    // A redelivered request counts once.
    await settle(event('payment-c', 'PaymentRequested', { idempotencyKey: 'key-2' }));
    await settle(event('payment-a', 'PaymentSettled', {}), event('payment-c', 'PaymentRiskAssessed', { decision: 'reject' }));
    expect([inFlight.hasKey('key-1'), inFlight.hasKey('key-2'), inFlight.count()]).toEqual([true, false, 1]);

    await settle(event('payment-b', 'PaymentDeclined', {}));
    expect([inFlight.hasKey('key-1'), inFlight.count()]).toEqual([false, 0]);

    await inFlight.onApplicationShutdown();
    await bus.close();
  });
});
