import { context, propagation, SpanKind, SpanStatusCode, trace, type Span } from '@opentelemetry/api';
import type { RecordedEvent } from '@pl/event-store';
import { toBusMessage } from '../envelope';
import type { MessageBus, OutgoingMessage } from '../port';
import { topicForStream } from '../topics';

// Looked up per batch, not at import: a tracer taken before the SDK registers (or after it is
// re-registered, as tests do) would stay a no-op.
const tracer = () => trace.getTracer('@pl/messaging');

/**
 * Publishes a batch, topic by topic in first-seen order, each topic's events in log order (so
 * each stream's order). Every event gets a PRODUCER span that continues the trace of the request
 * that wrote it (metadata.traceparent); the span's own context replaces the traceparent in the
 * message headers, so consumers become children of the publish.
 */
export async function publishTraced(bus: MessageBus, batch: readonly RecordedEvent[]): Promise<void> {
  const byTopic = new Map<string, Array<{ span: Span; message: OutgoingMessage }>>();
  for (const event of batch) {
    const topic = topicForStream(event.streamId);
    const carrier: Record<string, string> = {};
    if (event.metadata.traceparent) carrier['traceparent'] = event.metadata.traceparent;
    if (event.metadata.tracestate) carrier['tracestate'] = event.metadata.tracestate;
    const parent = propagation.extract(context.active(), carrier);
    const span = tracer().startSpan(
      `relay publish ${event.type}`,
      {
        kind: SpanKind.PRODUCER,
        attributes: {
          'messaging.system': 'kafka',
          'messaging.destination.name': topic,
          'pl.stream_id': event.streamId,
          'pl.event_id': event.eventId,
          'pl.service': 'relay',
        },
      },
      parent,
    );
    const message = toBusMessage(event);
    const headers: Record<string, string> = { ...message.headers };
    propagation.inject(trace.setSpan(parent, span), headers);
    const list = byTopic.get(topic) ?? [];
    list.push({ span, message: { ...message, headers } });
    byTopic.set(topic, list);
  }
  try {
    for (const [topic, items] of byTopic) {
      await bus.publish(topic, items.map((i) => i.message));
      for (const { span } of items) span.end();
      items.length = 0; // ended: not to be marked failed below
    }
  } catch (error) {
    for (const { span } of [...byTopic.values()].flat()) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      span.end();
    }
    throw error;
  }
}
