import type { IncomingMessage, ServerResponse } from 'node:http';
import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { contextFromCarrier, SERVICE_ATTRIBUTE, tracer } from '@pl/telemetry';

/** What Express adds to the request once a route matched. */
interface RoutedRequest extends IncomingMessage {
  readonly route?: { readonly path?: unknown };
  readonly baseUrl?: string;
}

type Next = (error?: unknown) => void;

/**
 * A SERVER span per request, child of the caller's `traceparent` (never of whatever context the
 * server happened to be in). `next` runs inside the span's context, so everything downstream
 * (body parsing, guards, pipes, the handler, the exception filter) sees it as the active span and
 * `traceCarrier()` in a handler returns it. The route template is known only once Express matched
 * it, so the span is renamed `HTTP <METHOD> <route>` when the response closes; unmatched requests
 * stay `HTTP <METHOD>` (raw URLs would make span names unbounded).
 */
export function httpTracingMiddleware(serviceName: string) {
  return (request: RoutedRequest, response: ServerResponse, next: Next): void => {
    const method = request.method ?? 'GET';
    const parent = contextFromCarrier(request.headers);
    const span = tracer().startSpan(
      `HTTP ${method}`,
      {
        kind: SpanKind.SERVER,
        attributes: {
          [SERVICE_ATTRIBUTE]: serviceName,
          'http.request.method': method,
          // Path only: query strings may carry data that does not belong in traces.
          'url.path': (request.url ?? '/').split('?')[0] ?? '/',
          'url.scheme': 'http',
          ...(request.headers['user-agent'] ? { 'user_agent.original': request.headers['user-agent'] } : {}),
        },
      },
      parent,
    );
    response.once('close', () => {
      const route = routeOf(request);
      if (route !== undefined) {
        span.updateName(`HTTP ${method} ${route}`);
        span.setAttribute('http.route', route);
      }
      span.setAttribute('http.response.status_code', response.statusCode);
      if (response.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      if (!response.writableFinished) span.setAttribute('pl.response.aborted', true);
      span.end();
    });
    context.with(trace.setSpan(parent, span), () => next());
  };
}

function routeOf(request: RoutedRequest): string | undefined {
  const path = request.route?.path;
  return typeof path === 'string' ? `${request.baseUrl ?? ''}${path}` : undefined;
}
