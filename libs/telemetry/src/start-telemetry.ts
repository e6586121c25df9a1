import { context, propagation, trace } from '@opentelemetry/api';
import { CompositePropagator, W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider, SimpleSpanProcessor, type SpanExporter, type SpanProcessor } from '@opentelemetry/sdk-trace-node';

export interface TelemetryOptions {
  readonly serviceName: string;
  /** Where spans go. Default: OTLP/HTTP when OTEL_EXPORTER_OTLP_ENDPOINT is set, else nowhere. */
  readonly exporter?: SpanExporter;
  /** Export each span as it ends (tests) instead of in batches (production). */
  readonly simpleProcessor?: boolean;
}

export interface Telemetry {
  readonly provider: NodeTracerProvider;
  readonly serviceName: string;
  /** Flushes and stops the provider and unregisters it, so a later `startTelemetry` starts afresh. */
  shutdown(): Promise<void>;
}

// Kept on globalThis, not in a module variable: with several copies of this module in one process
// (bundles, test module registries) there must still be one registration, as there is one OTel API.
const REGISTRATION = Symbol.for('payment-ledger.telemetry');
type Holder = { [REGISTRATION]?: Telemetry };

/**
 * Registers the process's tracer provider: AsyncLocalStorage context manager (NodeTracerProvider's
 * default), W3C trace-context (+ baggage) propagation, resource `service.name`.
 * Call it once, first thing in a process. A second call returns the first registration unchanged:
 * in embedded mode every service shares the process, and they tell their spans apart by `pl.service`.
 */
export function startTelemetry(options: TelemetryOptions): Telemetry {
  const holder = globalThis as Holder;
  const existing = holder[REGISTRATION];
  if (existing) return existing;

  const exporter = options.exporter ?? defaultExporter();
  const spanProcessors: SpanProcessor[] = exporter
    ? [options.simpleProcessor ? new SimpleSpanProcessor(exporter) : new BatchSpanProcessor(exporter)]
    : [];
  // Without an exporter spans are still created, so trace context flows through events and headers.
  const provider = new NodeTracerProvider({
    resource: defaultResource().merge(resourceFromAttributes({ 'service.name': options.serviceName })),
    spanProcessors,
  });
  provider.register({
    propagator: new CompositePropagator({ propagators: [new W3CTraceContextPropagator(), new W3CBaggagePropagator()] }),
  });

  const telemetry: Telemetry = {
    provider,
    serviceName: options.serviceName,
    shutdown: async () => {
      if (holder[REGISTRATION] !== telemetry) return;
      delete holder[REGISTRATION];
      await provider.shutdown();
      trace.disable();
      context.disable();
      propagation.disable();
    },
  };
  holder[REGISTRATION] = telemetry;
  return telemetry;
}

/** The current registration, if `startTelemetry` ran. */
export function currentTelemetry(): Telemetry | undefined {
  return (globalThis as Holder)[REGISTRATION];
}

function defaultExporter(): SpanExporter | undefined {
  // The exporter reads OTEL_EXPORTER_OTLP_ENDPOINT (and _HEADERS etc.) itself and appends /v1/traces.
  return process.env['OTEL_EXPORTER_OTLP_ENDPOINT'] ? new OTLPTraceExporter() : undefined;
}
