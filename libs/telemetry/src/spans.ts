import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanStatusCode,
  trace,
  type Attributes,
  type Context,
  type Span,
  type SpanKind,
  type Tracer,
} from '@opentelemetry/api';
import { currentTelemetry } from './start-telemetry';

/** W3C trace-context headers, as carried in event metadata and Kafka / HTTP headers. */
export interface TraceCarrier {
  traceparent?: string;
  tracestate?: string;
}

/** The attribute that names the service a span belongs to (all services may share one process). */
export const SERVICE_ATTRIBUTE = 'pl.service';

const TRACER_NAME = 'payment-ledger';

/** The tracer every span of the project is made with. */
export function tracer(): Tracer {
  return trace.getTracer(TRACER_NAME);
}

/** The active context as W3C headers; empty when no span is active. */
export function traceCarrier(ctx: Context = context.active()): TraceCarrier {
  const headers: Record<string, string> = {};
  propagation.inject(ctx, headers);
  const carrier: TraceCarrier = {};
  if (headers['traceparent'] !== undefined) carrier.traceparent = headers['traceparent'];
  if (headers['tracestate'] !== undefined) carrier.tracestate = headers['tracestate'];
  return carrier;
}

/** Anything holding W3C headers: a `TraceCarrier`, message headers, Node's `IncomingHttpHeaders`. */
export type CarrierLike = Readonly<TraceCarrier> | Readonly<Record<string, string | readonly string[] | undefined>>;

/**
 * The context a carrier describes, on top of `base`. Header names are matched in lower case, so Node's
 * `IncomingHttpHeaders` can be passed as they are. An invalid or missing traceparent leaves `base`.
 */
export function contextFromCarrier(carrier: CarrierLike, base: Context = ROOT_CONTEXT): Context {
  const flat: Record<string, string> = {};
  for (const key of ['traceparent', 'tracestate'] as const) {
    const value = carrier[key];
    const first = typeof value === 'string' ? value : value?.[0];
    if (first !== undefined) flat[key] = first;
  }
  return propagation.extract(base, flat);
}

export interface WithSpanOptions {
  /** Continue this trace (e.g. from a message's metadata); otherwise the active context is the parent. */
  readonly parent?: Readonly<TraceCarrier>;
  readonly kind?: SpanKind;
  readonly attributes?: Attributes;
  /** Sets `pl.service`; defaults to the name given to `startTelemetry`. */
  readonly service?: string;
}

/**
 * Runs `fn` inside a new span: a child of `parent` when it carries a valid traceparent, else of the
 * active context. An exception is recorded and sets status ERROR, then rethrown; the span always ends.
 */
export async function withSpan<T>(name: string, options: WithSpanOptions, fn: (span: Span) => Promise<T>): Promise<T> {
  const active = context.active();
  const parentContext = options.parent ? contextFromCarrier(options.parent, active) : active;
  return tracer().startActiveSpan(name, spanOptions(options), parentContext, async (span) => {
    try {
      return await fn(span);
    } catch (error) {
      recordError(span, error);
      throw error;
    } finally {
      span.end();
    }
  });
}

/**
 * Runs `fn` once inside several spans, each a child of its own parent: work done for many messages
 * at once (a batch in one transaction) still shows in each message's trace. None of them is made
 * active. An exception is recorded on each and rethrown; they all end.
 */
export async function withSpanEach<T>(spans: readonly { readonly name: string; readonly options: WithSpanOptions }[], fn: (spans: Span[]) => Promise<T>): Promise<T> {
  const active = context.active();
  const started = spans.map(({ name, options }) =>
    tracer().startSpan(name, spanOptions(options), options.parent ? contextFromCarrier(options.parent, active) : active),
  );
  try {
    return await fn(started);
  } catch (error) {
    for (const span of started) recordError(span, error);
    throw error;
  } finally {
    for (const span of started) span.end();
  }
}

function spanOptions(options: WithSpanOptions): { kind?: SpanKind; attributes: Attributes } {
  const service = options.service ?? currentTelemetry()?.serviceName;
  return { kind: options.kind, attributes: { ...options.attributes, ...(service ? { [SERVICE_ATTRIBUTE]: service } : {}) } };
}

/** Records an exception on a span and marks it failed. */
export function recordError(span: Span, error: unknown): void {
  span.recordException(error instanceof Error ? error : String(error));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
}
