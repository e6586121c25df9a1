import { PAYMENT_EVENTS_TOPIC, toBusMessage } from '@pl/messaging';
import { eventually } from '@pl/testing';
import { Pool } from 'pg';
import { AssessPaymentHandler, type AssessOutcome } from './assessment/assess-payment.handler';
import { at, useRisk } from './testing/risk-harness';

/**
 * Delivery is at-least-once. Given a PaymentRequested delivered three times over the bus, and
 * handled again concurrently besides, then exactly one PaymentRiskAssessed is appended and the
 * request is counted once in the payer's history.
 */
describe('a redelivered request is assessed once', () => {
  const env = useRisk('risk_redelivery');

  it('appends one assessment however often the request arrives', async () => {
    const handler = env.app.get(AssessPaymentHandler);
    const outcomes: AssessOutcome['outcome'][] = [];
    const original = handler.handle.bind(handler);
    const spy = jest.spyOn(handler, 'handle').mockImplementation(async (event) => {
      const result = await original(event);
      outcomes.push(result.outcome);
      return result;
    });

    const paymentId = await env.requestPayment({ payerId: 'cust-redelivered', requestedAt: at(0) });
    const [requested] = await env.events(paymentId);
    if (!requested) throw new Error('no PaymentRequested');
    // Two redeliveries besides the relay's publish (same key: same partition, handled in turn),
    // and two direct handlings racing the consumer.
    await env.bus.publish(PAYMENT_EVENTS_TOPIC, [toBusMessage(requested), toBusMessage(requested)]);
    await Promise.all([handler.handle(requested), handler.handle(requested)]);
    await eventually(async () => (outcomes.length === 5 ? true : undefined), 20_000, 'five handlings');
    spy.mockRestore();

    // Twins racing the first delivery may each see 'requested' and append the very same event
    // (same cause, same id, same content), which the store takes as one append: both say 'assessed'.
    // The redeliveries queued behind the first delivery on its partition find the payment assessed.
    expect(outcomes.filter((o) => o === 'assessed').length).toBeGreaterThanOrEqual(1);
    expect(outcomes.filter((o) => o === 'already_assessed').length).toBeGreaterThanOrEqual(2);
    const stream = await env.events(paymentId);
    expect(stream.map((e) => e.type)).toEqual(['PaymentRequested', 'PaymentRiskAssessed']);
    expect(stream[1]?.metadata.causationId).toBe(requested.eventId);

    const pool = new Pool({ connectionString: env.databaseUrl });
    try {
      const { rows } = await pool.query('SELECT payment_id FROM risk_requests WHERE payer_id = $1', ['cust-redelivered']);
      expect(rows).toEqual([{ payment_id: paymentId }]);
    } finally {
      await pool.end();
    }
  });
});
