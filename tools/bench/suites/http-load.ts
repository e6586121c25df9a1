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
 * POSTs JSON at a fixed offered rate (autocannon's overallRate) or unthrottled. Latency is from
 * sending a request to its answer on a connection that was free: with enough connections for the
 * rate, requests are not held back by slow answers (otherwise the achieved rate shows it).
 */
export async function postLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: 'POST',
    connections: options.connections,
    duration: options.durationS,
    timeout: 30,
    ...(options.rate === undefined ? {} : { overallRate: options.rate }),
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
    offeredRate: options.rate ?? 'unthrottled',
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

export const describeLoad = (r: LoadResult): string =>
  `offered ${r.offeredRate === 'unthrottled' ? 'unthrottled' : `${r.offeredRate}/s`} on ${r.connections} connections for ${r.durationS.toFixed(1)} s: ` +
  `${r.ok} 2xx (${r.okPerSecond.toFixed(0)}/s), non-2xx ${r.non2xx}, errors ${r.errors}, timeouts ${r.timeouts}, p50 ${r.p50Ms} ms, p99 ${r.p99Ms} ms, codes ${JSON.stringify(r.statusCodes)}`;
