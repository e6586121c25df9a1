import type { ServerResponse } from 'node:http';
import { context, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import { contextFromCarrier, SERVICE_ATTRIBUTE, tracer } from '@pl/telemetry';

type Hook = (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction) => void;

/** The span of a request and the context it runs in, from its onRequest hook to its preHandler hook. */
const SPANS = new WeakMap<FastifyRequest, Context>();

/**
 * A SERVER span per request, child of the caller's `traceparent` (never of whatever context the
 * server happened to be in). The rest of the request runs inside the span's context: the hooks after
 * `onRequest` directly, and, since reading the body leaves it (the body's chunks arrive in the
 * socket's context), the handler again from `preHandler` on, so guards, pipes, the handler and the
 * exception filter see it as the active span and `traceCarrier()` in a handler returns it. The span
 * is named `HTTP <METHOD> <route>` after the matched route's template; unmatched requests stay
 * `HTTP <METHOD>` (raw URLs would make span names unbounded). It ends when the response closes.
 */
export function httpTracingHooks(serviceName: string): { readonly onRequest: Hook; readonly preHandler: Hook } {
  return {
    onRequest: (request, reply, done) => {
      const method = request.method;
      const parent = contextFromCarrier(request.headers);
      const route = request.is404 ? undefined : request.routeOptions.url;
      const span = tracer().startSpan(
        route === undefined ? `HTTP ${method}` : `HTTP ${method} ${route}`,
        {
          kind: SpanKind.SERVER,
          attributes: {
            [SERVICE_ATTRIBUTE]: serviceName,
            'http.request.method': method,
            // Path only: query strings may carry data that does not belong in traces.
            'url.path': (request.url ?? '/').split('?')[0] ?? '/',
            'url.scheme': 'http',
            ...(route === undefined ? {} : { 'http.route': route }),
            ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
          },
        },
        parent,
      );
      endWithResponse(span, reply.raw);
      const active = trace.setSpan(parent, span);
      SPANS.set(request, active);
      context.with(active, done);
    },
    preHandler: (request, _reply, done) => {
      const active = SPANS.get(request);
      if (active === undefined) done();
      else context.with(active, done);
    },
  };
}

/** The context of the request's span (from its onRequest hook), for code that runs outside it, such as Fastify's error handler. */
export function contextOfRequest(request: object): Context | undefined {
  return SPANS.get(request as FastifyRequest);
}

function endWithResponse(span: Span, response: ServerResponse): void {
  response.once('close', () => {
    span.setAttribute('http.response.status_code', response.statusCode);
    if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
    if (!response.writableFinished) span.setAttribute('pl.response.aborted', true);
    span.end();
  });
}
