import { randomUUID } from 'node:crypto';
import { deterministicUuid } from '@pl/event-store';
import { deadLetterTopic, DLQ_HEADERS, type DeliveredMessage } from '@pl/messaging';
import { eventually } from '@pl/testing';
import { ERP_PAYMENT_REQUESTS_TOPIC } from '../../../intake/src/erp/erp-payment-request.message';
import { paymentBody, useEmbeddedPlatform } from './harness';

/**
 * An ERP publishes payment requests on a topic and re-publishes them when unsure: each request id
 * makes one payment; a malformed message is dead-lettered with the reason and blocks nothing.
 */
describe('payment requests from the ERP topic', () => {
  const env = useEmbeddedPlatform('erp');
  const deadLetters: DeliveredMessage[] = [];

  beforeAll(async () => {
    await env.platform.runtime.bus.subscribe({
      groupId: 'test.dlq-reader',
      topics: [deadLetterTopic(ERP_PAYMENT_REQUESTS_TOPIC)],
      handler: async (m) => void deadLetters.push(m),
    });
  });

  const publish = (value: string, key: string = randomUUID()) => env.platform.runtime.bus.publish(ERP_PAYMENT_REQUESTS_TOPIC, [{ key, value }]);
  const streamOf = (source: string, requestId: string) => `payment-${deterministicUuid(`payment-request:erp:${source}:${requestId}`)}`;
  /** The services go on to assess, route and submit the payment: count the requests, not the stream. */
  const requestsIn = async (streamId: string) => (await env.platform.runtime.store.readStream(streamId)).filter((e) => e.type === 'PaymentRequested');

  it('makes one payment from a request published three times', async () => {
    const requestId = `sap-${randomUUID()}`;
    const message = JSON.stringify({ requestId, source: 'sap-prod', payment: paymentBody({ orderReference: 'SAP-4711' }) });
    for (let i = 0; i < 3; i++) await publish(message, requestId);
    const events = await eventually(async () => {
      const stream = await env.platform.runtime.store.readStream(streamOf('sap-prod', requestId));
      return stream.length > 0 ? stream : undefined;
    }, 10_000, 'the payment stream');
    await new Promise((r) => setTimeout(r, 300)); // let the re-published copies be handled too
    expect(await requestsIn(streamOf('sap-prod', requestId))).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'PaymentRequested', data: { orderReference: 'SAP-4711' }, metadata: { actor: 'client:erp:sap-prod' } });
  });

  it('dead-letters malformed and invalid messages with the reason, and goes on with the next one', async () => {
    const good = `sap-${randomUUID()}`;
    await publish('{not json', 'same-key');
    await publish(JSON.stringify({ requestId: 'r-1', source: 'sap-prod', payment: paymentBody({ amount: '12.50' }) }), 'same-key');
    await publish(JSON.stringify({ requestId: good, source: 'sap-prod', payment: paymentBody() }), 'same-key');
    await eventually(async () => ((await requestsIn(streamOf('sap-prod', good))).length === 1 ? true : undefined), 10_000, 'the good message handled');
    const reasons = await eventually(async () => (deadLetters.length >= 2 ? deadLetters.map((m) => m.headers[DLQ_HEADERS.reason]) : undefined), 10_000, 'two dead letters');
    expect(reasons).toEqual([expect.stringMatching(/not JSON/), expect.stringMatching(/payment\.amount: must be a positive whole number/)]);
  });

  it('dead-letters a request id reused with a different payment', async () => {
    const requestId = `sap-${randomUUID()}`;
    await publish(JSON.stringify({ requestId, source: 'sap-prod', payment: paymentBody() }));
    await publish(JSON.stringify({ requestId, source: 'sap-prod', payment: paymentBody({ amount: '1' }) }));
    const reason = await eventually(
      async () => deadLetters.map((m) => m.headers[DLQ_HEADERS.reason]).find((r) => r?.includes('differing fields: amount')),
      10_000,
      'the conflicting request dead-lettered',
    );
    expect(reason).toMatch(/Idempotency key reused/);
    expect(await requestsIn(streamOf('sap-prod', requestId))).toHaveLength(1);
  });
});
