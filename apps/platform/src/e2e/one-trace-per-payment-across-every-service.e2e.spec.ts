import { randomUUID } from 'node:crypto';
import { context, propagation, SpanKind, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { SERVICE_ATTRIBUTE, startTelemetry } from '@pl/telemetry';
import { createTestDatabase, eventually } from '@pl/testing';
import { startPlatform, type Platform } from '../platform';
import { paymentBody, postJson, testIssuer } from './harness';

/**
 * One payment is one trace: the caller's span → intake's HTTP server span → (traceparent in the
 * event's metadata) → the relay's publish span → (traceparent in the bus headers) → each consuming
 * service's span (risk, routing, bank-connectors, reporting) → (its appended event's metadata) → the
 * next publish, and so on to settlement. Proven with an in-memory exporter on the embedded platform.
 */
describe('one trace follows a payment through every service it passes', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: { shutdown(): Promise<void> };
  let platform: Platform;
  let db: { url: string; drop(): Promise<void> };

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'trace-test', exporter, simpleProcessor: true });
    db = await createTestDatabase('trace');
    const issuer = await testIssuer();
    platform = await startPlatform({ databaseUrl: db.url, auth: issuer.auth, basePort: 0 });
    (globalThis as { token?: string }).token = await issuer.token(['payments:write', 'payments:read']);
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
    await telemetry?.shutdown();
  });

  it('links every hop by parentage', async () => {
    const tracer = trace.getTracer('erp-client');
    const client = tracer.startSpan('erp submits payment', { kind: SpanKind.CLIENT });
    const headers: Record<string, string> = {};
    propagation.inject(trace.setSpan(context.active(), client), headers);
    const created = await postJson(`${platform.urls.intake}/v1/payments`, paymentBody(), {
      ...headers,
      authorization: `Bearer ${(globalThis as { token?: string }).token}`,
      'idempotency-key': `trace-${randomUUID()}`,
    });
    client.end();
    expect(created.status).toBe(201);
    const traceId = client.spanContext().traceId;

    const spans = await eventually(async () => {
      const mine = exporter.getFinishedSpans().filter((s) => s.spanContext().traceId === traceId);
      return mine.some((s) => s.name === 'project PaymentSettled') ? mine : undefined;
    }, 30_000, 'the projection of the settlement in the same trace');

    // Every service the payment passed through has spans in this one trace.
    const services = new Set(spans.map((s) => s.attributes[SERVICE_ATTRIBUTE]));
    for (const service of ['intake', 'risk', 'routing', 'bank-connectors', 'reporting']) expect([service, services.has(service)]).toEqual([service, true]);
    // The bank's callback (no trace of ours on it) joins the payment's trace through the stream.
    expect(spans.some((s) => s.name === 'bank-connectors authorized')).toBe(true);
    expect(spans.some((s) => s.name === 'project PaymentAuthorized')).toBe(true);

    const parentOf = (s: ReadableSpan) => s.parentSpanContext?.spanId;
    const byId = new Map(spans.map((s) => [s.spanContext().spanId, s]));
    const server = spans.find((s) => s.kind === SpanKind.SERVER && s.name.includes('/v1/payments'));
    const publish = spans.find((s) => s.kind === SpanKind.PRODUCER && s.name.includes('PaymentRequested'));
    const project = spans.find((s) => s.kind === SpanKind.CONSUMER && s.name === 'project PaymentRequested');
    expect(server).toBeDefined();
    expect(publish).toBeDefined();
    expect(project).toBeDefined();
    expect(parentOf(server!)).toBe(client.spanContext().spanId);

    // The publish span descends from intake's server span, the projection from the publish span.
    const ancestors = (s: ReadableSpan): string[] => {
      const chain: string[] = [];
      for (let p = parentOf(s); p; p = byId.get(p) ? parentOf(byId.get(p)!) : undefined) chain.push(p);
      return chain;
    };
    expect(ancestors(publish!)).toContain(server!.spanContext().spanId);
    expect(parentOf(project!)).toBe(publish!.spanContext().spanId);
  });
});
