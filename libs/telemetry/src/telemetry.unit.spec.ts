import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { InMemorySpanExporter } from '@opentelemetry/sdk-trace-base';
import { startTelemetry, traceCarrier, withSpan, type Telemetry } from './index';

const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_SPAN_ID = '00f067aa0ba902b7';
const incoming = { traceparent: `00-${TRACE_ID}-${PARENT_SPAN_ID}-01`, tracestate: 'vendor=x' };

describe('telemetry', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;

  beforeAll(() => {
    telemetry = startTelemetry({ serviceName: 'unit', exporter, simpleProcessor: true });
  });
  afterEach(() => exporter.reset());
  afterAll(() => telemetry.shutdown());

  it('returns the existing registration on a second call', () => {
    expect(startTelemetry({ serviceName: 'other' })).toBe(telemetry);
  });

  it('continues the trace of an extracted traceparent, with that span as parent', async () => {
    await withSpan('consume', { parent: incoming, kind: SpanKind.CONSUMER, service: 'risk' }, async () => undefined);
    const [span] = exporter.getFinishedSpans();
    expect(span?.spanContext().traceId).toBe(TRACE_ID);
    expect(span?.parentSpanContext?.spanId).toBe(PARENT_SPAN_ID);
    expect(span?.kind).toBe(SpanKind.CONSUMER);
    expect(span?.attributes['pl.service']).toBe('risk');
  });

  it('gives inside withSpan the carrier of the span itself, across awaits', async () => {
    const carrier = await withSpan('outer', {}, async (span) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return { inner: traceCarrier(), own: span.spanContext() };
    });
    expect(carrier.inner.traceparent).toBe(`00-${carrier.own.traceId}-${carrier.own.spanId}-01`);
    expect(exporter.getFinishedSpans()[0]?.attributes['pl.service']).toBe('unit');
  });

  it('is a child of the active span when no parent is given', async () => {
    await withSpan('parent', {}, async (parent) => {
      await withSpan('child', {}, async () => undefined);
      const child = exporter.getFinishedSpans().find((s) => s.name === 'child');
      expect(child?.parentSpanContext?.spanId).toBe(parent.spanContext().spanId);
    });
  });

  it('falls back to the active context when the carrier has no valid traceparent', async () => {
    await withSpan('orphan', { parent: { traceparent: 'garbage' } }, async () => undefined);
    expect(exporter.getFinishedSpans()[0]?.parentSpanContext).toBeUndefined();
  });

  it('records an exception, sets ERROR and rethrows', async () => {
    await expect(withSpan('boom', {}, async () => Promise.reject(new Error('nope')))).rejects.toThrow('nope');
    const [span] = exporter.getFinishedSpans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'nope' });
    expect(span?.events.map((e) => e.name)).toContain('exception');
    expect(span?.ended).toBe(true);
  });

  it('has no carrier outside any span, and propagation works through the global API', () => {
    expect(traceCarrier()).toEqual({});
    const ctx = propagation.extract(context.active(), incoming);
    expect(trace.getSpanContext(ctx)?.traceId).toBe(TRACE_ID);
    expect(traceCarrier(ctx)).toEqual(incoming);
  });
});
