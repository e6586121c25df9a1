import { randomUUID } from 'node:crypto';
import { propagation, trace } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { MemoryEventStore } from '@pl/event-store';
import { eventually } from '@pl/testing';
import { InProcessBus } from '../in-process-bus';
import type { DeliveredMessage } from '../port';
import { topicForStream } from '../topics';
import { MemoryCheckpointStore } from './checkpoint-store';
import { Relay } from './relay';
import { testEvent } from './testing/write-streams';

/**
 * Given an event whose metadata carries the writer's traceparent, when the relay publishes it,
 * then its PRODUCER span is a child of that traceparent and the message headers carry the publish
 * span itself, so the consumer's span becomes the publish span's child.
 */
describe('the relay continues the trace of the request that wrote the event', () => {
  const exporter = new InMemorySpanExporter();
  beforeAll(() => {
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  });
  afterAll(() => {
    trace.disable();
    propagation.disable();
  });

  it('publishes with a child span and hands that span on in the headers', async () => {
    const store = new MemoryEventStore();
    const bus = new InProcessBus();
    const streamId = `trace${randomUUID().slice(0, 8)}-${randomUUID()}`;
    const traceId = 'a'.repeat(32);
    const writerSpanId = 'b'.repeat(16);
    const event = testEvent(streamId, 0);
    await store.append(streamId, [{ ...event, metadata: { ...event.metadata, traceparent: `00-${traceId}-${writerSpanId}-01` } }], { expectedRevision: 'no_stream' });
    const received: DeliveredMessage[] = [];
    await bus.subscribe({ groupId: 'g', topics: [topicForStream(streamId)], handler: async (m) => void received.push(m) });

    const relay = new Relay({ store, bus, checkpoints: new MemoryCheckpointStore(), name: 'trace' });
    relay.start();
    await eventually(async () => (received.length === 1 ? true : undefined), 10_000, 'the message');
    await relay.stop();
    await bus.close();

    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('relay publish TestHappened');
    expect(span?.spanContext().traceId).toBe(traceId);
    expect(span?.parentSpanContext?.spanId).toBe(writerSpanId);
    expect(received[0]?.headers['traceparent']).toBe(`00-${traceId}-${span?.spanContext().spanId}-01`);
  });
});
