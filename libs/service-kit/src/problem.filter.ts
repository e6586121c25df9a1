import { STATUS_CODES, type ServerResponse } from 'node:http';
import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { context, trace } from '@opentelemetry/api';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { recordError } from '@pl/telemetry';
import { contextOfRequest } from './http-tracing.hooks';
import { isProblemBody, ProblemException, problemType, type ProblemBody } from './problem';

const SLUG_BY_STATUS: Readonly<Record<number, string>> = {
  400: 'bad-request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not-found',
  405: 'method-not-allowed',
  406: 'not-acceptable',
  409: 'conflict',
  410: 'gone',
  412: 'precondition-failed',
  413: 'payload-too-large',
  415: 'unsupported-media-type',
  422: 'unprocessable-content',
  428: 'precondition-required',
  429: 'too-many-requests',
  503: 'service-unavailable',
};

/**
 * Every error leaves as application/problem+json (RFC 9457) with a stable `type` URI and, when a trace
 * is active, its `traceId` (what an SRE asks for first). Unknown errors become a 500 that says nothing
 * about internals; the error itself is logged and recorded on the span.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('ProblemFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<FastifyRequest>();
    const response = host.switchToHttp().getResponse<FastifyReply>();
    // Errors Fastify raises itself (a malformed or oversized body) reach here outside the request's span.
    const requestContext = contextOfRequest(request);
    if (requestContext !== undefined && trace.getActiveSpan() === undefined) {
      context.with(requestContext, () => this.answer(exception, request, response));
    } else {
      this.answer(exception, request, response);
    }
  }

  private answer(exception: unknown, request: FastifyRequest, response: FastifyReply): void {
    const problem = toProblem(exception);
    const span = trace.getActiveSpan();
    // A 503 the code chose to answer (load shed, with Retry-After) is not a failure to log.
    const deliberate = exception instanceof ProblemException && problem.status === 503;
    if (problem.status >= 500 && !deliberate) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(`${request.method} ${request.url} failed with ${problem.status}`, stack);
      if (span) recordError(span, exception);
    }
    if (response.sent || response.raw.headersSent) {
      // Too late for a problem body (a stream failed midway): cut the connection so the client sees a failure.
      response.raw.destroy();
      return;
    }
    sendProblem(response, problem, exception instanceof ProblemException ? exception.headers : {});
  }
}

/**
 * Answers with a problem (RFC 9457) as the filter does: application/problem+json, not cached, with
 * the active trace's `traceId` when there is one. For code that answers without throwing (a
 * refusal before the body is read, on Node's response or Fastify's reply); everything else throws
 * and lets the filter call this.
 */
export function sendProblem(response: ServerResponse | FastifyReply, problem: ProblemBody, headers: Readonly<Record<string, string>> = {}): void {
  const traceId = trace.getActiveSpan()?.spanContext().traceId;
  const body = JSON.stringify(traceId && traceId !== '0'.repeat(32) ? { ...problem, traceId } : problem);
  const all = { 'content-type': 'application/problem+json; charset=utf-8', 'cache-control': 'no-store', ...headers };
  if (isReply(response)) {
    void response.code(problem.status).headers(all).send(body);
    return;
  }
  response.statusCode = problem.status;
  for (const [name, value] of Object.entries(all)) response.setHeader(name, value);
  response.end(body);
}

function isReply(response: ServerResponse | FastifyReply): response is FastifyReply {
  return 'raw' in response && typeof response.send === 'function';
}

export function toProblem(exception: unknown): ProblemBody {
  if (!(exception instanceof HttpException)) return internalError();
  const status = exception.getStatus();
  const body = exception.getResponse();
  if (isProblemBody(body)) return { ...body, status };
  if (status === 400 && isJsonSyntaxError(exception.cause)) {
    return { type: problemType('malformed-json'), title: 'Malformed JSON', status, detail: 'the request body is not valid JSON' };
  }
  if (status >= 500) return status === 503 ? { ...generic(status), detail: 'the service cannot handle the request right now; retry later' } : internalError(status);
  return { ...generic(status), detail: messageOf(body) };
}

function generic(status: number): ProblemBody {
  return { type: problemType(SLUG_BY_STATUS[status] ?? 'http-error'), title: STATUS_CODES[status] ?? 'Error', status };
}

function internalError(status = 500): ProblemBody {
  return { type: problemType('internal-error'), title: 'Internal Server Error', status, detail: 'an unexpected error occurred; it has been logged' };
}

/** Fastify reports unparsable JSON (and forbidden prototype keys) as FST_ERR_CTP_INVALID_JSON_BODY, which Nest wraps as the cause. */
function isJsonSyntaxError(cause: unknown): boolean {
  return cause instanceof SyntaxError || (typeof cause === 'object' && cause !== null && (cause as { code?: unknown }).code === 'FST_ERR_CTP_INVALID_JSON_BODY');
}

function messageOf(body: string | object): string | undefined {
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}
