import { Body, Controller, Get, Module, Param, Post, type INestApplication } from '@nestjs/common';
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { InMemorySpanExporter, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { Public } from '@pl/security';
import { startTelemetry, traceCarrier, type Telemetry } from '@pl/telemetry';
import { eventually } from '@pl/testing';
import { configureApp, createHttpApp } from './index';

@Public()
@Controller('v1/items')
class ItemsController {
  @Get(':id')
  async get(@Param('id') id: string) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    return { id, carrier: traceCarrier() };
  }

  @Post()
  create(@Body() _body: unknown) {
    return { carrier: traceCarrier() };
  }

  @Get(':id/fail')
  fail(): never {
    throw new Error('kaput');
  }
}

@Module({ controllers: [ItemsController] })
class TracingTestModule {}

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';
const CALLER_SPAN = 'b7ad6b7169203331';
const traceparent = `00-${TRACE_ID}-${CALLER_SPAN}-01`;

/** One request is one SERVER span in the caller's trace, and the handler runs inside it. */
describe('HTTP server spans', () => {
  const exporter = new InMemorySpanExporter();
  let telemetry: Telemetry;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    telemetry = startTelemetry({ serviceName: 'tracing-test', exporter, simpleProcessor: true });
    app = await createHttpApp(TracingTestModule, { logger: false });
    configureApp(app, { serviceName: 'items' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await telemetry.shutdown();
  });

  const serverSpan = (name: string) =>
    eventually(async () => exporter.getFinishedSpans().find((s: ReadableSpan) => s.kind === SpanKind.SERVER && s.name === name), 5000, name);

  it('continues the incoming traceparent and names the span after the route', async () => {
    const res = await fetch(`${base}/v1/items/42?secret=1`, { headers: { traceparent } });
    const body = (await res.json()) as { carrier: { traceparent: string } };
    const span = await serverSpan('HTTP GET /v1/items/:id');
    expect(span.spanContext().traceId).toBe(TRACE_ID);
    expect(span.parentSpanContext?.spanId).toBe(CALLER_SPAN);
    expect(span.attributes).toMatchObject({
      'http.request.method': 'GET',
      'http.route': '/v1/items/:id',
      'url.path': '/v1/items/42',
      'http.response.status_code': 200,
      'pl.service': 'items',
    });
    // The handler's active context is the server span itself.
    expect(body.carrier.traceparent).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
  });

  it('keeps the context through body parsing', async () => {
    const res = await fetch(`${base}/v1/items`, { method: 'POST', headers: { traceparent, 'content-type': 'application/json' }, body: '{"a":1}' });
    const body = (await res.json()) as { carrier: { traceparent: string } };
    const span = await serverSpan('HTTP POST /v1/items');
    expect(body.carrier.traceparent).toBe(`00-${TRACE_ID}-${span.spanContext().spanId}-01`);
  });

  it('starts a new trace without a traceparent and marks 5xx as errors', async () => {
    const res = await fetch(`${base}/v1/items/1/fail`);
    const problem = (await res.json()) as { traceId: string };
    const span = await serverSpan('HTTP GET /v1/items/:id/fail');
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.status.code).toBe(SpanStatusCode.ERROR);
    expect(span.events.map((e) => e.name)).toContain('exception');
    expect(problem.traceId).toBe(span.spanContext().traceId);
  });
});
