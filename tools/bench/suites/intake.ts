import { randomUUID } from 'node:crypto';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { Client, Pool } from 'pg';
import { PostgresEventStore, type EventData } from '@pl/event-store';
import { freePort, spawnEntry, waitForReady, type RunningProcess } from '@pl/testing';
// The benchmark drives the platform the way its e2e tests do.
import { AUDIENCE, ISSUER, paymentBody, testIssuer } from '../../../apps/platform/src/e2e/harness';
import type { BenchContext, BenchFigure, BenchSuite } from '../bench';
import { atFixedRate, describeLoad, percentilesOf, postLoad, type LoadResult } from './http-load';

const RATE = 500;
const TARGET_P99_MS = 25;
/** Enough connections that 500 req/s never waits for a free one unless answers take > 100 ms. */
const FIXED_CONNECTIONS = 50;
const MAX_CONNECTIONS = 32;
const WARM_UP_S = 3;
/** Both processes say how long each answer took inside them (Server-Timing), beside what the client saw. */
const SERVER_TIMING = 'server-timing.cjs';

/**
 * `POST /v1/payments` on intake as its own process (apps/intake/src/main.ts, PostgreSQL event store
 * on the suite's database, in-process bus), against a bare route on the same HTTP stack
 * (bare-route.main.ts): at a fixed 500 req/s and unthrottled. Each request has its own
 * Idempotency-Key, so each one creates a payment: an idempotency lookup (readStream), then
 * handleCommand (read, decide, append with expected revision "no stream").
 */
export const intakeSuite: BenchSuite = {
  name: 'intake',
  async run(ctx: BenchContext): Promise<BenchFigure[]> {
    const fixedS = ctx.quick ? 5 : 30;
    const maxS = ctx.quick ? 5 : 15;
    const issuer = await testIssuer();
    const token = await issuer.token(['payments:write']);
    const authEnv = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS: issuer.jwksJson };
    const [intakePort, barePort] = [await freePort(), await freePort()];
    const processes: RunningProcess[] = [];
    try {
      const service = spawnEntry('apps/intake/src/main.ts', {
        ...authEnv,
        ...profileEnv([SERVER_TIMING]),
        DATABASE_URL: ctx.databaseUrl,
        BUS: 'inprocess',
        PORT: String(intakePort),
        LOG_LEVEL: 'warn',
      });
      processes.push(service);
      const bare = spawnEntry('tools/bench/suites/bare-route.main.ts', { ...authEnv, ...profileEnv([SERVER_TIMING]), PORT: String(barePort) });
      processes.push(bare);
      await waitForReady(`http://127.0.0.1:${intakePort}/health/ready`, service, 90_000);
      await waitForReady(`http://127.0.0.1:${barePort}/health/ready`, bare, 90_000);

      const run = `bench-${randomUUID().slice(0, 8)}`;
      let n = 0;
      const body = JSON.stringify(paymentBody());
      const load = (port: number, rate: number | undefined, connections: number, durationS: number) =>
        postLoad({
          url: `http://127.0.0.1:${port}/v1/payments`,
          headers: { authorization: `Bearer ${token}` },
          request: () => ({ body, headers: { 'idempotency-key': `${run}-${n++}` } }),
          ...(rate === undefined ? {} : { rate }),
          connections,
          durationS,
        });
      // Each measured run comes right after a warm-up of its own target (JIT, and intake's connection
      // pool: pg closes connections idle for 10 s, so a target left idle while the other was measured
      // would pay for new connections in its first second; until 14:20 UTC on 2026-11-25 both were
      // warmed first and intake then waited 30 s while the bare route was measured).
      const measured = async (label: string, port: number, rate: number | undefined, connections: number, durationS: number): Promise<LoadResult> => {
        await load(port, 200, 10, WARM_UP_S);
        const result = await load(port, rate, connections, durationS);
        ctx.log(`${label}: ${describeLoad(result)} (load average ${loadavg()[0]!.toFixed(2)})`);
        return result;
      };
      // One at a time, so they never share the CPUs.
      const bareFixed = await measured('bare route @500/s', barePort, RATE, FIXED_CONNECTIONS, fixedS);
      const intakeFixed = await measured('intake @500/s', intakePort, RATE, FIXED_CONNECTIONS, fixedS);
      // The database half alone: the same row intake wrote, appended at the same open 500/s with no HTTP.
      const appends = await durableAppendsAtRate(ctx.databaseUrl, RATE, fixedS);
      ctx.log(`es_append alone @500/s for ${fixedS} s: ${appends.count} appends, p50 ${appends.p50Ms} ms, p99 ${appends.p99Ms} ms (load average ${loadavg()[0]!.toFixed(2)})`);
      const bareMax = await measured('bare route unthrottled', barePort, undefined, MAX_CONNECTIONS, maxS);
      const intakeMax = await measured('intake unthrottled', intakePort, undefined, MAX_CONNECTIONS, maxS);

      const created = await countPaymentsRequested(ctx.databaseUrl);
      const answered = [intakeFixed, intakeMax].reduce((sum, r) => sum + r.ok, 0);
      const load1 = loadavg()[0]!.toFixed(2);
      const common = `load average ${load1}; intake created ${created} payments in es_events (including warm-up) for ${answered} measured 201s`;
      const sane = (r: LoadResult) => (r.non2xx + r.errors > 0 ? `; ${r.non2xx} non-2xx and ${r.errors} errors (${JSON.stringify(r.statusCodes)})` : '');
      const figures: BenchFigure[] = [
        { ...versus('POST /v1/payments req/s at 500 req/s offered', 'req/s', intakeFixed.okPerSecond, 'bare route, same stack, 500 req/s offered', bareFixed.okPerSecond), notes: `${common}${sane(intakeFixed)}` },
        versus('POST /v1/payments p50 at 500 req/s', 'ms', intakeFixed.p50Ms, 'bare route p50 at 500 req/s', bareFixed.p50Ms),
        {
          ...versus('POST /v1/payments p99 at 500 req/s', 'ms', intakeFixed.p99Ms, 'bare route p99 at 500 req/s', bareFixed.p99Ms),
          target: `≤ ${TARGET_P99_MS} ms at ${RATE} req/s`,
          met: intakeFixed.p99Ms <= TARGET_P99_MS && intakeFixed.okPerSecond >= RATE * 0.98 && intakeFixed.non2xx + intakeFixed.errors === 0,
        },
        {
          ...versus('POST /v1/payments p99 at 500 req/s inside the service', 'ms', intakeFixed.server?.p99Ms ?? Number.NaN, 'bare route p99 inside the service', bareFixed.server?.p99Ms ?? Number.NaN),
          notes:
            `from the request's headers parsed to its answer's head written, on the service's own clock (Server-Timing, server-timing.cjs); ` +
            `p50 ${intakeFixed.server?.p50Ms} ms (bare route ${bareFixed.server?.p50Ms} ms). What the client's p99 holds beyond it is the kernel, the connection and the load generator, the same for the bare route`,
        },
        {
          suite: 'intake',
          metric: 'its PostgreSQL half: es_append p99 at 500/s (no HTTP)',
          value: appends.p99Ms,
          unit: 'ms',
          notes: `p50 ${appends.p50Ms} ms; intake's own PaymentRequested row, appended ${appends.count} times to new streams with expected revision "no stream", open load, 20 connections`,
        },
        {
          ...versus(`POST /v1/payments max req/s (${MAX_CONNECTIONS} connections)`, 'req/s', intakeMax.okPerSecond, 'bare route max req/s, same stack', bareMax.okPerSecond),
          notes: `p50 ${intakeMax.p50Ms} ms, p99 ${intakeMax.p99Ms} ms (bare: p50 ${bareMax.p50Ms} ms, p99 ${bareMax.p99Ms} ms)${sane(intakeMax)}`,
        },
      ];
      return figures;
    } finally {
      for (const p of processes.reverse()) await p.stop();
    }
  },
};

export default intakeSuite;

/** An intake figure beside the bare route's; the ratio is 1 when intake is as fast as the bare stack. */
function versus(metric: string, unit: 'req/s' | 'ms', value: number, ceilingName: string, ceiling: number): BenchFigure {
  return { suite: 'intake', metric, value, unit, ceiling: { name: ceilingName, value: ceiling }, ratio: unit === 'ms' ? ceiling / value : value / ceiling };
}

/**
 * With BENCH_CPU_PROF=<dir>, spawned services write a V8 CPU profile there when they stop
 * (cpu-profile.cjs); with BENCH_QUERY_COUNT=<dir>, the statements they sent, by kind (query-count.cjs);
 * `also` names further preloads of this folder (server-timing.cjs).
 */
export function profileEnv(also: readonly string[] = []): Record<string, string> {
  const preloads = [
    ...(process.env['BENCH_CPU_PROF'] ? ['cpu-profile.cjs'] : []),
    ...(process.env['BENCH_QUERY_COUNT'] ? ['query-count.cjs'] : []),
    ...also,
  ].map((file) => `--require ${resolve(__dirname, file)}`);
  return preloads.length > 0 ? { NODE_OPTIONS: [process.env['NODE_OPTIONS'] ?? '', ...preloads].join(' ').trim() } : {};
}

/**
 * One of intake's stored PaymentRequested events, appended again and again (a new stream and event
 * id each time, "no stream" expected, as intake appends it) at a fixed open rate, straight through
 * the event store: what a new payment costs the database, without the HTTP stack in front.
 */
async function durableAppendsAtRate(databaseUrl: string, rate: number, durationS: number): Promise<{ count: number; p50Ms: number; p99Ms: number }> {
  const pool = new Pool({ connectionString: databaseUrl, max: 20 });
  const store = new PostgresEventStore(pool);
  try {
    const { rows } = await pool.query<Pick<EventData, 'data' | 'metadata'>>(`SELECT data, metadata FROM es_events WHERE type = 'PaymentRequested' LIMIT 1`);
    const sample = rows[0];
    if (!sample) throw new Error('no PaymentRequested stored to copy');
    const event = (): EventData => ({ eventId: randomUUID(), type: 'PaymentRequested', data: sample.data, metadata: sample.metadata });
    const append = () => store.append(`bench-append-${randomUUID()}`, [event()], { expectedRevision: 'no_stream' });
    // Warm-up: the pool's connections opened and the function planned before the clock starts.
    const warming: Promise<unknown>[] = [];
    await atFixedRate(performance.now(), 200, 200 * WARM_UP_S, () => void warming.push(awaitedLater(append())));
    await Promise.all(warming);
    const latencies: number[] = [];
    const measuring: Promise<unknown>[] = [];
    await atFixedRate(performance.now(), rate, Math.round(rate * durationS), (dueAt) => void measuring.push(awaitedLater(append().then(() => void latencies.push(performance.now() - dueAt)))));
    await Promise.all(measuring); // the first failed append fails the suite
    const pct = percentilesOf(latencies);
    return { count: latencies.length, p50Ms: pct(0.5), p99Ms: pct(0.99) };
  } finally {
    await store.close();
    await pool.end();
  }
}

/** A promise awaited later (Promise.all sees its failure) that a failure meanwhile must not crash as unhandled. */
function awaitedLater<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

async function countPaymentsRequested(databaseUrl: string): Promise<number> {
  const pg = new Client({ connectionString: databaseUrl });
  await pg.connect();
  try {
    const { rows } = await pg.query<{ n: string }>(`SELECT count(*)::text AS n FROM es_events WHERE type = 'PaymentRequested' AND stream_id NOT LIKE 'bench-append-%'`);
    return Number(rows[0]!.n);
  } finally {
    await pg.end();
  }
}
