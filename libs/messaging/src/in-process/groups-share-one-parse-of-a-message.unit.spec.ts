import type { RecordedEvent } from '@pl/event-store';
import { fromBusMessage, toBusMessage } from '../envelope';
import { InProcessBus } from '../in-process-bus';
import type { DeliveredMessage } from '../port';

const event: RecordedEvent = {
  eventId: '0d6f6e1c-3a57-4e8a-9f3e-0a4b2a0c9d11',
  streamId: 'payment-1',
  revision: 0n,
  position: { commit: 10n, prepare: 1n },
  type: 'PaymentRequested',
  data: { amount: { amountMinor: '12345', currency: 'CNY' }, payer: { id: 'cust-1' }, tags: ['a', 'b'] },
  metadata: { schemaVersion: 1, correlationId: 'payment-1', causationId: 'req-1', actor: 'erp', occurredAt: '2026-12-07T10:00:00.000Z', prevHash: 'a'.repeat(64), hash: 'b'.repeat(64) },
  recordedAt: new Date('2026-12-07T10:00:01.000Z'),
};

/**
 * The embedded platform's groups (risk, routing, the connectors, reporting, intake's two) each get
 * every payment event: one parse of each message does for all of them, and since they share it, it
 * is frozen all the way down. A message that is not shared (Kafka's) is parsed for its reader alone.
 */
describe("the in-process bus's groups share one parse of a message", () => {
  it('gives every group the same frozen event, equal to what was published', async () => {
    const bus = new InProcessBus({ partitions: 1 });
    const seen: RecordedEvent[] = [];
    const subscriptions = await Promise.all(
      ['risk', 'routing', 'reporting'].map((groupId) =>
        bus.subscribe({
          groupId,
          topics: ['payments'],
          handler: async (message: DeliveredMessage) => void seen.push(fromBusMessage(message)),
        }),
      ),
    );
    await bus.publish('payments', [toBusMessage(event)]);
    for (let i = 0; i < 100 && seen.length < 3; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
    await Promise.all(subscriptions.map((s) => s.stop()));
    await bus.close();

    expect(seen).toHaveLength(3);
    expect(seen[1]).toBe(seen[0]);
    expect(seen[2]).toBe(seen[0]);
    expect(seen[0]).toEqual(event);
    const shared = seen[0]!;
    expect([shared, shared.data, shared.data['amount'], shared.data['tags'], shared.metadata, shared.position].every((o) => Object.isFrozen(o))).toBe(true);
    expect(() => {
      (shared.data['payer'] as { id: string }).id = 'someone else';
    }).toThrow(TypeError);
  });

  it("parses a message that is not shared for its reader alone, and leaves it the reader's", () => {
    const message = toBusMessage(event);
    const first = fromBusMessage(message);
    const second = fromBusMessage(message);
    expect(second).not.toBe(first);
    expect(second).toEqual(first);
    expect(Object.isFrozen(first.data)).toBe(false);
  });
});
