import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Logger, type DynamicModule, type INestApplication, type NestApplicationOptions, type Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { httpTracingHooks } from './http-tracing.hooks';
import { problemBody } from './problem';
import { ProblemFilter, sendProblem } from './problem.filter';

/**
 * A handler that sees a request before Fastify does: true when it answered it (Fastify, the trace
 * span, the body parser and Nest never see the request), false to pass it on.
 */
export type BeforeRoutingHandler = (request: IncomingMessage, response: ServerResponse) => boolean;

export interface ConfigureOptions {
  /** Marks server spans with `pl.service`. */
  readonly serviceName: string;
  /**
   * Handlers that see each request first, on the HTTP server itself, before Fastify routes it and
   * before its trace span, body, validation and guard: for answers that must cost no more than their
   * headers, such as load shedding (docs/benchmarks.md). What they answer is not traced; they keep
   * their own count. Given the app, so they can take what they need from its container.
   */
  readonly beforeRouting?: (app: INestApplication) => readonly BeforeRoutingHandler[];
}

export interface HttpAppOptions {
  readonly logger?: NestApplicationOptions['logger'];
  /** Largest accepted JSON body in bytes; larger is a 413 problem. Default 100 KiB. */
  readonly bodyLimit?: number;
}

/** The default largest JSON body, 100 KiB. */
export const DEFAULT_BODY_LIMIT = 100 * 1024;

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);
const JSON_TYPE = /^application\/([\w.+-]+\+)?json\s*(;|$)/i;

/**
 * A Nest app on Fastify, as every service of the project runs one: JSON bodies only (with the raw
 * bytes kept as `request.rawBody`, for verifying signed callbacks), up to `bodyLimit`; routes match
 * with or without a trailing slash. Call `configureApp` on it before `init()` / `listen()`.
 */
export async function createHttpApp(module: Type | DynamicModule, options: HttpAppOptions = {}): Promise<INestApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: options.bodyLimit ?? DEFAULT_BODY_LIMIT, routerOptions: { ignoreTrailingSlash: true } });
  return NestFactory.create<NestFastifyApplication>(module, adapter, {
    // The JSON parser is installed by configureApp (any JSON media type, raw bytes kept, empty bodies allowed).
    bodyParser: false,
    // Keep-alive connections would otherwise hold `app.close()` open.
    forceCloseConnections: true,
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
}

/**
 * What every Nest app of the project needs, in this order: the service's before-routing handlers if
 * any (on the HTTP server, ahead of Fastify), the trace span (first of Fastify's hooks, so even a
 * rejected body is traced), JSON-only bodies (415 otherwise, before the body is read), the JSON
 * parser, and the problem+json exception filter. For an app from `createHttpApp`, before
 * `app.init()` / `app.listen()`.
 */
export function configureApp(app: INestApplication, options: ConfigureOptions): INestApplication {
  const before = options.beforeRouting?.(app) ?? [];
  if (before.length > 0) answerBeforeRouting(app.getHttpServer() as Server, before);
  const fastify = app.getHttpAdapter().getInstance() as FastifyInstance;
  const tracing = httpTracingHooks(options.serviceName);
  fastify.addHook('onRequest', tracing.onRequest);
  fastify.addHook('onRequest', (request, reply, done) => {
    const headers = request.headers;
    const hasBody = Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding'] !== undefined;
    const type = headers['content-type'];
    if (BODY_METHODS.has(request.method) && hasBody && !(typeof type === 'string' && JSON_TYPE.test(type))) {
      sendProblem(reply, problemBody({ status: 415, type: 'unsupported-media-type', title: 'Unsupported Media Type', detail: 'send the body as application/json' }));
      return;
    }
    done();
  });
  fastify.addHook('preHandler', tracing.preHandler);
  fastify.addHook('onSend', answerUnchangedWith304);
  installJsonParser(fastify);
  app.useGlobalFilters(new ProblemFilter());
  return app;
}

/**
 * A GET or HEAD whose 200 answer carries the ETag the client sent in If-None-Match is answered 304
 * with no body (RFC 9110 §13.1.2, weak comparison): the resources that have a version set their ETag
 * (the stream revision), and clients that poll them pay for the body only when it changed.
 */
function answerUnchangedWith304(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: null, payload: unknown) => void): void {
  const ifNoneMatch = request.headers['if-none-match'];
  const etag = reply.getHeader('etag');
  if ((request.method === 'GET' || request.method === 'HEAD') && reply.statusCode === 200 && typeof ifNoneMatch === 'string' && typeof etag === 'string' && matches(ifNoneMatch, etag)) {
    reply.code(304);
    reply.removeHeader('content-type');
    reply.removeHeader('content-length');
    done(null, '');
    return;
  }
  done(null, payload);
}

function matches(ifNoneMatch: string, etag: string): boolean {
  const opaque = (tag: string) => tag.trim().replace(/^W\//, '');
  return ifNoneMatch.trim() === '*' || ifNoneMatch.split(',').some((tag) => opaque(tag) === opaque(etag));
}

/**
 * Every JSON media type (`application/json`, `application/*+json`), parsed with Fastify's own parser
 * (which refuses `__proto__` and `constructor.prototype` keys), its exact bytes kept as
 * `request.rawBody`. An empty body is no body (`undefined`), as a request without one.
 */
function installJsonParser(fastify: FastifyInstance): void {
  const parse = fastify.getDefaultJsonParser('error', 'error');
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser(JSON_TYPE, { parseAs: 'buffer' }, (request, body: Buffer, done) => {
    (request as { rawBody?: Buffer }).rawBody = body;
    if (body.length === 0) {
      done(null, undefined);
      return;
    }
    void parse(request, body.toString('utf8'), done);
  });
}

/**
 * Puts `handlers` in front of the server's own request listener (Fastify's): each request goes to
 * them in order, and to Fastify only if none answered it.
 */
function answerBeforeRouting(server: Server, handlers: readonly BeforeRoutingHandler[]): void {
  const listeners = server.listeners('request') as Array<(request: IncomingMessage, response: ServerResponse) => void>;
  server.removeAllListeners('request');
  const logger = new Logger('http');
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    try {
      for (const handler of handlers) if (handler(request, response)) return;
    } catch (error) {
      // Outside Fastify nothing would catch it and the process would die: the request takes the full path instead.
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
  /** Largest accepted JSON body in bytes (default 100 KiB). */
  readonly bodyLimit?: number;
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
  const app = await createHttpApp(options.module, {
    ...(options.logger === undefined ? {} : { logger: options.logger }),
    ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
  });
  configureApp(app, { serviceName: options.name, ...(options.beforeRouting ? { beforeRouting: options.beforeRouting } : {}) });
  if (options.shutdownHooks ?? true) app.enableShutdownHooks();
  await app.listen(options.port, options.host);
  const address: AddressInfo | string | null = (app.getHttpServer() as Server).address();
  const port = typeof address === 'object' && address !== null ? address.port : options.port;
  new Logger(options.name).log(`${options.name} listening on http://${options.host}:${port}`);
  return app;
}
