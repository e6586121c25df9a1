import type { RecordedEvent } from '@pl/event-store';
import { EVENT_HEADERS, fromBusMessage, toBusMessage } from './envelope';
import { PermanentError } from './port';
import { PAYMENT_EVENTS_TOPIC, topicForStream } from './topics';

const recorded: RecordedEvent = {
  eventId: '6f1c1b8e-3a57-4e8a-9f3e-0a4b2a0c9d11',
  streamId: 'payment-0b7c5a8e-1111-4222-8333-444455556666',
  revision: 9_007_199_254_740_993n, // beyond Number.MAX_SAFE_INTEGER: must survive as text
  position: { commit: 123_456_789_012n, prepare: 7n },
  type: 'PaymentRequested',
  data: { amount: '1000', currency: 'JPY' },
  metadata: {
    schemaVersion: 1,
    correlationId: 'payment-0b7c',
    causationId: 'req-1',
    traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
    tracestate: 'vendor=1',
    actor: 'erp',
    occurredAt: '2025-01-01T00:00:00.000Z',
    prevHash: 'a'.repeat(64),
    hash: 'b'.repeat(64),
  },
  recordedAt: new Date('2025-01-01T00:00:01.000Z'),
};

describe('the event envelope on the bus', () => {
  it('keys by stream id, carries id, type and trace context as headers, and round-trips losslessly', () => {
    const message = toBusMessage(recorded);
    expect(message.key).toBe(recorded.streamId);
    expect(message.headers).toEqual({
      [EVENT_HEADERS.eventId]: recorded.eventId,
      [EVENT_HEADERS.eventType]: 'PaymentRequested',
      traceparent: recorded.metadata.traceparent,
      tracestate: 'vendor=1',
    });
    expect(JSON.parse(message.value)).toMatchObject({ revision: '9007199254740993', position: '123456789012/7' });
    expect(fromBusMessage(message)).toEqual(recorded);
  });

  it('leaves trace headers out when the event has none', () => {
    const { traceparent: _t, tracestate: _s, ...metadata } = recorded.metadata;
    expect(Object.keys(toBusMessage({ ...recorded, metadata }).headers ?? {})).toEqual([EVENT_HEADERS.eventId, EVENT_HEADERS.eventType]);
  });

  it.each([
    ['not JSON', '{'],
    ['an array', '[]'],
    ['no event id', JSON.stringify({ ...JSON.parse(toBusMessage(recorded).value), eventId: undefined })],
    ['a negative revision', JSON.stringify({ ...JSON.parse(toBusMessage(recorded).value), revision: '-1' })],
    ['a bad position', JSON.stringify({ ...JSON.parse(toBusMessage(recorded).value), position: '12' })],
    ['a bad date', JSON.stringify({ ...JSON.parse(toBusMessage(recorded).value), recordedAt: 'yesterday' })],
    ['data not an object', JSON.stringify({ ...JSON.parse(toBusMessage(recorded).value), data: 'x' })],
    ['metadata without hash', JSON.stringify({ ...JSON.parse(toBusMessage(recorded).value), metadata: { ...recorded.metadata, hash: undefined } })],
  ])('rejects %s as a PermanentError (straight to the dead-letter topic)', (_what, value) => {
    expect(() => fromBusMessage({ value })).toThrow(PermanentError);
  });

  it('names topics by stream category', () => {
    expect(topicForStream(recorded.streamId)).toBe(PAYMENT_EVENTS_TOPIC);
    expect(topicForStream('channel-bank_a')).toBe('ledger.channel.events');
    expect(() => topicForStream('-x')).toThrow();
  });
});
