import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger, type DynamicModule, type INestApplication, type NestApplicationOptions, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { httpTracingMiddleware } from './http-tracing.middleware';
import { ProblemException } from './problem';
import { ProblemFilter } from './problem.filter';

/**
 * A handler that sees a request before Express does: true when it answered it (Express, the trace
 * span, the body parser and Nest never see the request), false to pass it on.
 */
export type BeforeRoutingHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface ConfigureOptions {
  /** Marks server spans with `pl.service`. */
  readonly serviceName: string;
  /**
   * Handlers that see each request first, on the HTTP server itself, before Express routes it and
   * before its trace span, body, validation and guard: for answers that must cost no more than their
   * headers, such as load shedding (about half of what the same answer costs from an Express
   * middleware: docs/benchmarks.md). What they answer is not traced; they keep their own count.
   * Given the app, so they can take what they need from its container.
   */
  readonly beforeRouting?: (app: INestApplication) => readonly BeforeRoutingHandler[];
  /** Largest accepted JSON body (body-parser syntax); larger is a 413 problem. Default 100kb. */
  readonly bodyLimit?: string;
}

type Next = (error?: unknown) => void;
interface RequestLike {
  readonly method?: string;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * What every Nest app of the project needs, in this order: the service's before-routing handlers if
 * any (on the HTTP server, ahead of Express), the tracing middleware (first in Express, so even a
 * rejected body is traced), JSON-only bodies (415 otherwise), the JSON parser with a size limit, and
 * the problem+json exception filter. For tests that build the app themselves, call it before
 * `app.init()` / `app.listen()`; create the app with `{ bodyParser: false }` (the parser is installed here).
 */
export function configureApp(app: INestApplication, options: ConfigureOptions): INestApplication {
  const before = options.beforeRouting?.(app) ?? [];
  if (before.length > 0) answerBeforeRouting(app.getHttpServer() as Server, before);
  app.use(httpTracingMiddleware(options.serviceName));
  app.use((request: RequestLike, _response: unknown, next: Next) => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    const type = request.headers['content-type'];
    if (BODY_METHODS.has(request.method ?? '') && hasBody && !(typeof type === 'string' && JSON_TYPE.test(type))) {
      next(new ProblemException({ status: 415, type: 'unsupported-media-type', title: 'Unsupported Media Type', detail: 'send the body as application/json' }));
      return;
    }
    next();
  });
  // No framework banner in responses: it tells an attacker what to look for.
  (app as NestExpressApplication).disable('x-powered-by');
  // No ETag computed from every response body (a SHA-1 per response): the resources that have a
  // version set theirs explicitly (the stream revision), and If-None-Match still answers 304 for them.
  (app as NestExpressApplication).set('etag', false);
  (app as NestExpressApplication).useBodyParser('json', { limit: options.bodyLimit ?? '100kb', type: ['application/json', 'application/*+json'] });
  app.useGlobalFilters(new ProblemFilter());
  return app;
}

/**
 * Puts `handlers` in front of the server's own request listener (Express's): each request goes to
 * them in order, and to Express only if none answered it.
 */
function answerBeforeRouting(server: Server, handlers: readonly BeforeRoutingHandler[]): void {
  const listeners = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  const logger = new Logger('http');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    try {
      for (const handler of handlers) if (handler(request, response)) return;
    } catch (error) {
      // Outside Express nothing would catch it and the process would die: the request takes the full path instead.
      if (response.headersSent) return;
      logger.error(`a before-routing handler failed on ${request.method ?? ''} ${(request.url ?? '').split('?')[0] ?? ''}: ${String(error)}`);
    }
    for (const listener of listeners) listener.call(server, request, response);
  });
}

export interface BootstrapOptions {
  readonly name: string;
  readonly module: Type | DynamicModule;
  readonly port: number;
  readonly host: string;
  readonly bodyLimit?: string;
  readonly beforeRouting?: ConfigureOptions['beforeRouting'];
  readonly logger?: NestApplicationOptions['logger'];
  /**
   * Nest's own SIGTERM/SIGINT handling (default true). Pass false where the caller owns signal handling
   * (the embedded platform, `runStandalone`): Nest's handler re-raises the signal after closing the app,
   * which would kill the process before the caller has closed the rest (event store, bus).
   */
  readonly shutdownHooks?: boolean;
}

/** Creates, configures and starts a service's HTTP app; logs `<name> listening on http://host:port`. */
export async function bootstrapService(options: BootstrapOptions): Promise<INestApplication> {
  const app = await NestFactory.create(options.module, {
    bodyParser: false,
    // Raw bytes for verifying signed callbacks (HMAC over the exact body).
    rawBody: true,
    // Keep-alive connections would otherwise hold `app.close()` open.
    forceCloseConnections: true,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  configureApp(app, { serviceName: options.name, ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}), ...(options.beforeRouting ? { beforeRouting: options.beforeRouting } : {}) });
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  const address: AddressInfo | string | null = (app.getHttpServer() as Server).address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  new Logger(options.name).log(`${options.name} listening on http://${options.host}:${port}`);
  return app;
}
