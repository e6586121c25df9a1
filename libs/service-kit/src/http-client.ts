import { Agent, request } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** What the other side answered: the status and the whole body as text. */
export interface HttpAnswer {
  readonly status: number;
  readonly ok: boolean;
  readonly text: string;
}

export interface HttpCall {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  readonly headers?: Readonly<Record<string, string>>;
  /** The exact bytes to send (a signature may cover them). */
  readonly body?: string;
  /** The whole exchange, answer body included, or the call fails with a `TimeoutError`. */
  readonly timeoutMs: number;
  /** Aborting it fails the call with an `AbortError` (a service that stops ends its calls). */
  readonly signal?: AbortSignal;
}

/**
 * Connections kept open between calls, as a bank's or a partner's client would. Node's own HTTP
 * client, not `fetch`: on this project's 2-core benchmark machine a `fetch` call cost its process
 * about 370 µs of CPU against 80 µs for the same call here (docs/benchmarks.md, "HTTP client").
 */
const AGENT = {
  keepAlive: true,
  // An idle connection is closed after this long, or sooner when the server announces a shorter
  // keep-alive (Node's agent then closes it a second early, so a call never races the server's close).
  // Longer than any call's deadline, so it never fires during a call.
  timeout: 30_000,
};
const agents = { http: new Agent(AGENT), https: new HttpsAgent(AGENT) };

/** A named error, like `fetch`'s: `TimeoutError`, `AbortError`, or the socket's own (ECONNREFUSED...). */
function namedError(name: 'TimeoutError' | 'AbortError', message: string): Error {
  const error = new Error(message);
  error.name = name;
  return error;
}

/**
 * One HTTP exchange with a deadline. Resolves with any status (the caller decides what 4xx and 5xx
 * mean); rejects when there is no complete answer: refused or reset connection, timeout, abort.
 */
export function httpCall(url: string, call: HttpCall): Promise<HttpAnswer> {
  return new Promise<HttpAnswer>((resolve, reject) => {
    if (call.signal?.aborted) {
      reject(namedError('AbortError', 'the call was aborted'));
      return;
    }
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const headers: Record<string, string | number> = { ...call.headers };
    if (call.body !== undefined) headers['content-length'] = Buffer.byteLength(call.body);
    const send = secure ? httpsRequest : request;
    const req = send(target, { method: call.method, headers, agent: secure ? agents.https : agents.http });
    let settled = false;
    const finish = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      call.signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const fail = (error: Error) => {
      finish(() => reject(error));
      req.destroy();
    };
    const timer = setTimeout(() => fail(namedError('TimeoutError', `no complete answer within ${call.timeoutMs} ms`)), call.timeoutMs);
    const onAbort = () => fail(namedError('AbortError', 'the call was aborted'));
    call.signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (error) => finish(() => reject(error)));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', (error) => finish(() => reject(error)));
      // A connection that closes before the body's end: 'end' never comes, 'close' does.
      res.on('close', () => {
        if (!res.complete) finish(() => reject(new Error('the answer was cut off')));
      });
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        finish(() => resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') }));
      });
    });
    req.end(call.body);
  });
}
