import { buildEvents, deterministicUuid } from './event-metadata';
import { computeEventHash, GENESIS_HASH } from './hash-chain';

const context = {
  correlationId: 'pay-1',
  causationId: 'request:client:key-1',
  actor: 'client:erp',
  occurredAt: '2026-11-22T10:00:00.000Z',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
};

describe('event metadata, built by one helper', () => {
  it('derives event ids from the cause: the same message handled twice gives the same ids', () => {
    const a = buildEvents('payment-1', undefined, [{ type: 'PaymentRequested', data: { x: 1 } }], context);
    const b = buildEvents('payment-1', undefined, [{ type: 'PaymentRequested', data: { x: 1 } }], context);
    expect(a[0]!.eventId).toBe(b[0]!.eventId);
    const other = buildEvents('payment-1', undefined, [{ type: 'PaymentRequested', data: { x: 1 } }], { ...context, causationId: 'request:client:key-2' });
    expect(other[0]!.eventId).not.toBe(a[0]!.eventId);
  });

  it('computes RFC 9562 version-5 UUIDs (the standard DNS-namespace test vector)', () => {
    expect(deterministicUuid('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe('2ed6657d-e927-568b-95e1-2665a8aea6a2');
  });

  it('derives each id from stream, cause, position in the append and type', () => {
    const [first, second] = buildEvents('payment-1', undefined, [{ type: 'A', data: {} }, { type: 'B', data: {} }], context);
    expect(first!.eventId).toBe(deterministicUuid(`payment-1:${context.causationId}:0:A`));
    expect(second!.eventId).toBe(deterministicUuid(`payment-1:${context.causationId}:1:B`));
    expect(buildEvents('payment-2', undefined, [{ type: 'A', data: {} }], context)[0]!.eventId).not.toBe(first!.eventId);
  });

  it('formats deterministic ids as version-5 UUIDs', () => {
    expect(deterministicUuid('anything')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(deterministicUuid('anything')).toBe(deterministicUuid('anything'));
  });

  it('carries correlation, causation, actor, time, trace context and schema version', () => {
    const [event] = buildEvents('payment-1', undefined, [{ type: 'PaymentRequested', data: {}, schemaVersion: 2 }], context);
    expect(event!.metadata).toMatchObject({ ...context, schemaVersion: 2, prevHash: GENESIS_HASH });
    expect(buildEvents('payment-1', undefined, [{ type: 'A', data: {} }], context)[0]!.metadata.schemaVersion).toBe(1);
  });

  it('builds the same events, hashes included, from the same inputs: no clock, no randomness', () => {
    const build = () => buildEvents('payment-1', { revision: 2n, hash: 'b'.repeat(64) }, [{ type: 'A', data: { z: 1, a: [2] } }], context);
    expect(build()).toEqual(build());
  });

  it('chains each event to the one before, continuing from the stream head', () => {
    const head = { revision: 4n, hash: 'a'.repeat(64) };
    const events = buildEvents('payment-1', head, [{ type: 'A', data: {} }, { type: 'B', data: {} }], context);
    expect(events[0]!.metadata.prevHash).toBe(head.hash);
    expect(events[1]!.metadata.prevHash).toBe(events[0]!.metadata.hash);
    expect(events[1]!.metadata.hash).toBe(
      computeEventHash({ streamId: 'payment-1', revision: 6n, eventId: events[1]!.eventId, type: 'B', data: {}, metadata: events[1]!.metadata }),
    );
  });
});
