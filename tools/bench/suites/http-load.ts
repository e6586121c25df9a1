import { Agent, request as httpRequest } from 'node:http';
import autocannon from 'autocannon';

/** One autocannon run: what was offered, what came back, and the latency of the 2xx and non-2xx answers alike. */
export interface LoadResult {
  readonly offeredRate: number | 'unthrottled';
  readonly connections: number;
  readonly durationS: number;
  readonly sent: number;
  readonly ok: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** 2xx answers per second over the run. */
  readonly okPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  /**
   * The service's own time for the same answers, where it says (a `Server-Timing: app;dur=` header,
   * server-timing.cjs): p50 and p99 in ms; absent for autocannon runs and services that do not say.
   */
  readonly server?: { readonly p50Ms: number; readonly p99Ms: number };
  readonly statusCodes: Readonly<Record<string, number>>;
}

export interface LoadOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Called for every request: its own body and extra headers (e.g. a fresh Idempotency-Key). */
  readonly request: () => { body: string; headers?: Record<string, string> };
  /** Requests per second over all connections; undefined = as fast as the connections go. */
  readonly rate?: number;
  readonly connections: number;
  readonly durationS: number;
}

/**
 * POSTs JSON at a fixed offered rate, or unthrottled. With a rate the load is **open**: request i is
 * due at start + i / rate, whether or not earlier ones were answered, and its latency runs from when
 * it was due (a request waiting for a free connection waits on the clock: no coordinated omission).
 * autocannon's own rate limit is not used for that: it lets each connection send its share of a
 * second as fast as answers come and then pause, so "500/s" arrives as a burst at the start of
 * every second and the latency measured is that of the burst. Unthrottled runs use autocannon
 * (closed loop: each connection sends its next request when the previous is answered).
 */
export async function postLoad(options: LoadOptions): Promise<LoadResult> {
  if (options.rate !== undefined) return openLoad(options, options.rate);
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    headers: { 'content-type': 'application/json', ...options.headers },
    requests: [
      {
        method: 'POST',
        setupRequest: (req) => {
          const next = options.request();
          return { ...req, body: next.body, headers: { ...req.headers, ...next.headers } };
        },
      },
    ],
  });
  const statusCodes: Record<string, number> = {};
  for (const [code, stat] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = stat.count ?? 0;
  return {
    offeredRate: 'unthrottled',
    connections: options.connections,
    durationS: result.duration,
    sent: result.requests.sent,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    okPerSecond: result['2xx'] / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes,
  };
}

const TIMEOUT_MS = 30_000;

/** The open load: one request due every 1/rate s over `connections` keep-alive connections. */
async function openLoad(options: LoadOptions, rate: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: options.connections, maxFreeSockets: options.connections });
  const target = new URL(options.url);
  const latencies: number[] = [];
  const serverLatencies: number[] = [];
  const statusCodes: Record<string, number> = {};
  let sent = 0;
  let ok = 0;
  let non2xx = 0;
  let errors = 0;
  let timeouts = 0;
  let outstanding = 0;
  let allSent!: () => void;
  const drained = new Promise<void>((resolve) => (allSent = resolve));
  const total = Math.round(rate * options.durationS);
  const start = performance.now();
  const send = (dueAt: number) => {
    const next = options.request();
    const body = Buffer.from(next.body);
    sent += 1;
    outstanding += 1;
    const done = (status: number | 'error' | 'timeout') => {
      outstanding -= 1;
      if (status === 'timeout') timeouts += 1;
      else if (status === 'error') errors += 1;
      else {
        latencies.push(performance.now() - dueAt);
        statusCodes[status] = (statusCodes[status] ?? 0) + 1;
        if (status >= 200 && status < 300) ok += 1;
        else non2xx += 1;
      }
      if (sent === total && outstanding === 0) allSent();
    };
    const req = httpRequest(
      {
        agent,
        host: target.hostname,
        port: target.port,
        path: `${target.pathname}${target.search}`,
        method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': body.length, ...options.headers, ...next.headers },
        timeout: TIMEOUT_MS,
      },
      (res) => {
        const serverMs = serverTimingMs(res.headers['server-timing']);
        if (serverMs !== undefined) serverLatencies.push(serverMs);
        res.resume();
        res.on('end', () => done(res.statusCode ?? 0));
        res.on('error', () => done('error'));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) => done(error.message === 'timeout' ? 'timeout' : 'error'));
    req.end(body);
  };
  await atFixedRate(start, rate, total, send);
  if (total === 0) allSent();
  await drained;
  const durationS = (performance.now() - start) / 1000;
  agent.destroy();
  const pct = percentilesOf(latencies);
  const serverPct = percentilesOf(serverLatencies);
  return {
    offeredRate: rate,
    connections: options.connections,
    durationS,
    sent,
    ok,
    non2xx,
    errors,
    timeouts,
    okPerSecond: ok / durationS,
    p50Ms: pct(0.5),
    p99Ms: pct(0.99),
    ...(serverLatencies.length > 0 ? { server: { p50Ms: serverPct(0.5), p99Ms: serverPct(0.99) } } : {}),
    statusCodes,
  };
}

/** The `app;dur=<ms>` entry of a Server-Timing header (server-timing.cjs), if there is one. */
export function serverTimingMs(header: string | string[] | undefined): number | undefined {
  const value = Array.isArray(header) ? header.join(',') : header;
  const match = value ? /(?:^|,)\s*app;dur=([0-9.]+)/.exec(value) : null;
  return match ? Number(match[1]) : undefined;
}

/**
 * The open load's clock: calls `send(dueAt)` for call i at start + i / rate, however long earlier
 * calls take; resolves once all `total` have been sent. Every millisecond or so it sends what has
 * fallen due (timers are coarse; the clock is not).
 */
export function atFixedRate(start: number, rate: number, total: number, send: (dueAt: number) => void): Promise<void> {
  let sent = 0;
  return new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + (sent * 1000) / rate <= now) send(start + (sent++ * 1000) / rate);
      if (sent < total) setTimeout(tick, 1);
      else resolve();
    };
    tick();
  });
}

/** Sorts the latencies (ms) and returns their q-quantile (0–1) reader, rounded to 0.1 ms. */
export function percentilesOf(latencies: number[]): (q: number) => number {
  latencies.sort((a, b) => a - b);
  return (q) => (latencies.length === 0 ? Number.NaN : Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]! * 10) / 10);
}

export const describeLoad = (r: LoadResult): string =>
  `offered ${r.offeredRate === 'unthrottled' ? 'unthrottled' : `${r.offeredRate}/s`} on ${r.connections} connections for ${r.durationS.toFixed(1)} s: ` +
  `${r.ok} 2xx (${r.okPerSecond.toFixed(0)}/s), non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms` +
  `${r.server ? ` (inside the service: p50 ${r.server.p50Ms} ms, p99 ${r.server.p99Ms} ms)` : ''}, codes ${JSON.stringify(r.statusCodes)}`;
