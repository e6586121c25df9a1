import { randomUUID } from 'node:crypto';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { BANK_CHANNELS } from '@pl/bank-protocol';
import { freePortRange, spawnEntry, waitForReady } from '@pl/testing';
// The benchmark drives the platform the way its e2e tests do.
import { startDistributed } from '../../../apps/platform/src/e2e/distributed';
import { AUDIENCE, ISSUER, paymentBody, testIssuer } from '../../../apps/platform/src/e2e/harness';
import type { BenchContext, BenchFigure, BenchSuite } from '../bench';
import { cpuBetween, cpuPerPayment, cpuSnapshot } from './cpu-accounting';
import { appendCeiling, sampleDatabaseWaits, siblingDatabase } from './e2e-support';
import { describeLoad, postLoad, type LoadResult } from './http-load';
import { profileEnv } from './intake';

/** What every bank does in this benchmark: answers at once, calls back 5 ms later (PUT /sandbox/channels/:c). */
export const SANDBOX_BEHAVIOUR = { latency: { fixedMs: 1 }, processingMs: 5 } as const;
const TERMINAL = ['settled', 'declined', 'rejected', 'expired'];
const TARGETS = { embedded: 1000, kafka: 500 } as const;

interface SystemUnderTest {
  readonly intakeUrl: string;
  readonly sandboxUrl: string;
  readonly databaseUrl: string;
}

interface Measured {
  readonly load: LoadResult;
  readonly accepted: number;
  readonly settled: number;
  readonly unfinished: number;
  readonly settledPerSecond: number;
  readonly windowS: number;
  readonly e2eP50Ms: number;
  readonly e2eP99Ms: number;
  readonly lagP50Ms: number;
  readonly lagP99Ms: number;
  readonly eventsPerPayment: number;
  readonly loadAverage: number;
  readonly databaseWaits: string;
  /** For settled payments: p50 / p99 of the time from the previous event of the stream to each event type. */
  readonly stages: string;
  /** CPU milliseconds per settled payment, every process on the machine, from the window's start to the drain's end (Linux). */
  readonly cpuMsPerPayment: number;
  readonly cpu: string;
}

/**
 * Payments per second from `POST /v1/payments` to settled-and-projected in payments_v1, at a fixed
 * arrival rate (the target) for 60 s (quick: 10 s), then until every accepted payment is terminal:
 * (a) the embedded platform (`npm start`'s process: every service, in-process bus, relay);
 * (b) every service its own process over a real Kafka broker (startDistributed).
 * Each is measured on a database of its own. Ceiling: raw event-store appends in the same run.
 */
export const endToEndSuite: BenchSuite = {
  name: 'end-to-end',
  async run(ctx: BenchContext): Promise<BenchFigure[]> {
    const loadS = Number(process.env['BENCH_E2E_SECONDS'] ?? (ctx.quick ? 10 : 60));
    const drainCapS = ctx.quick ? 120 : 300;
    const issuer = await testIssuer();
    const token = await issuer.token(['payments:write'], 'bench-client', 3 * 3600);
    const authEnv = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE, AUTH_JWKS: issuer.jwksJson };
    const results: Partial<Record<keyof typeof TARGETS, Measured>> = {};
    const only = process.env['BENCH_E2E_ONLY'];

    const failures: Partial<Record<keyof typeof TARGETS, string>> = {};
    const attempt = async (shape: keyof typeof TARGETS, run: () => Promise<Measured>) => {
      if (only && only !== shape) return;
      try {
        results[shape] = await run();
      } catch (error) {
        // One shape failing (on a loaded machine: a service not ready in time) still reports the other.
        failures[shape] = error instanceof Error ? error.message.split('\n')[0]! : String(error);
        ctx.log(`${shape}: FAILED: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
    };

    await attempt('embedded', async () => {
      const base = await freePortRange(7);
      // Ports as the platform lays them out from BASE_PORT (SERVICE_PORTS in apps/platform/src/platform.ts).
      const [intakeUrl, reportingUrl, sandboxUrl] = [0, 5, 6].map((offset) => `http://127.0.0.1:${base + offset}`) as [string, string, string];
      const platform = spawnEntry('apps/platform/src/main.ts', { ...authEnv, ...profileEnv(), DATABASE_URL: ctx.databaseUrl, BASE_PORT: String(base), SANDBOX_ADMIN: '1' });
      try {
        for (const url of [intakeUrl, reportingUrl, sandboxUrl]) await waitForReady(`${url}/health/ready`, platform, 180_000);
        return await measure(ctx, 'embedded', { intakeUrl, sandboxUrl, databaseUrl: ctx.databaseUrl }, token, rateFor('embedded'), loadS, drainCapS);
      } finally {
        await platform.stop();
      }
    });

    await attempt('kafka', async () => {
      const brokers = await ctx.kafkaBrokers();
      const db = await siblingDatabase(ctx.databaseUrl, 'kafka');
      try {
        const all = { ...profileEnv() };
        const options = {
          databaseUrl: db.url,
          brokers,
          jwksJson: issuer.jwksJson,
          env: { intake: all, risk: all, routing: all, 'bank-connectors': all, refunds: all, reporting: all, relay: all },
        };
        // Eight processes compiling at once on a loaded machine may miss startDistributed's 90 s: once more.
        const system = await startDistributed(options).catch((error: unknown) => {
          ctx.log(`over Kafka: start-up failed, trying once more (${error instanceof Error ? error.message.split('\n')[0] : String(error)})`);
          return startDistributed(options);
        });
        try {
          const sut = { intakeUrl: system.urls.intake, sandboxUrl: system.urls['bank-sandbox'], databaseUrl: db.url };
          return await measure(ctx, 'over Kafka', sut, token, rateFor('kafka'), loadS, drainCapS);
        } finally {
          await system.stop();
        }
      } finally {
        await db.drop();
      }
    });

    // The ceiling: the event store alone appending what the payments appended, one event per append
    // as the services do, on a database of its own, in the same run.
    const perPayment = results.embedded?.eventsPerPayment ?? results.kafka?.eventsPerPayment ?? 6;
    const ceilingDb = await siblingDatabase(ctx.databaseUrl, 'appends');
    let ceiling: Awaited<ReturnType<typeof appendCeiling>>;
    try {
      ceiling = await appendCeiling(ceilingDb.url, Math.round(perPayment), ctx.quick ? 1000 : 4000);
    } finally {
      await ceilingDb.drop();
    }
    const ceilingPayments = ceiling.appendsPerSecond / perPayment;
    ctx.log(`append ceiling: ${ceiling.appends} single-event appends in ${ceiling.seconds.toFixed(1)} s = ${ceiling.appendsPerSecond.toFixed(0)}/s → ${ceilingPayments.toFixed(0)} payments/s at ${perPayment.toFixed(2)} events each`);

    const figures: BenchFigure[] = [];
    for (const shape of ['embedded', 'kafka'] as const) {
      const m = results[shape];
      const label = shape === 'embedded' ? 'embedded' : 'over Kafka';
      const rate = rateFor(shape);
      const failed = failures[shape];
      if (failed !== undefined) {
        figures.push({ suite: 'end-to-end', metric: `${label}: settled payments/s`, value: Number.NaN, unit: 'payments/s', target: `≥ ${TARGETS[shape]}/s`, met: false, notes: `failed: ${failed}` });
      }
      if (!m) continue;
      figures.push(
        {
          suite: 'end-to-end',
          metric: `${label}: settled payments/s (${rate}/s offered for ${loadS} s)`,
          value: m.settledPerSecond,
          unit: 'payments/s',
          ceiling: { name: `event store appends/s ÷ ${perPayment.toFixed(1)} events per payment`, value: ceilingPayments },
          ratio: m.settledPerSecond / ceilingPayments,
          target: `≥ ${TARGETS[shape]}/s`,
          met: m.settledPerSecond >= TARGETS[shape] && m.unfinished === 0,
          notes:
            `${m.settled} settled of ${m.accepted} accepted (${m.unfinished} not terminal at the end) over ${m.windowS.toFixed(1)} s from the first request to the last projection; ` +
            `intake answered ${m.load.okPerSecond.toFixed(0)}/s (p99 ${m.load.p99Ms} ms, non-2xx ${m.load.non2xx}, errors ${m.load.errors}); ` +
            `bank sandbox ${JSON.stringify(SANDBOX_BEHAVIOUR)}; load average ${m.loadAverage.toFixed(2)}; PostgreSQL ${m.databaseWaits}; ${m.stages}`,
        },
        {
          suite: 'end-to-end',
          metric: `${label}: request → settled and projected p50`,
          value: m.e2eP50Ms,
          unit: 'ms',
        },
        {
          suite: 'end-to-end',
          metric: `${label}: request → settled and projected p99`,
          value: m.e2eP99Ms,
          unit: 'ms',
        },
        {
          suite: 'end-to-end',
          metric: `${label}: projection lag p50 / p99 (es_events write → payments_v1 row)`,
          value: m.lagP99Ms,
          unit: 'ms (p99)',
          notes: `p50 ${m.lagP50Ms.toFixed(1)} ms, p99 ${m.lagP99Ms.toFixed(1)} ms over every projected event`,
        },
        {
          suite: 'end-to-end',
          metric: `${label}: CPU per settled payment (every process, load generator included)`,
          value: m.cpuMsPerPayment,
          unit: 'ms',
          // What this machine's cores could settle at that cost if they did nothing else.
          ceiling: { name: `${cpus().length} cores ÷ CPU per payment, in payments/s`, value: (cpus().length * 1000) / m.cpuMsPerPayment },
          notes: m.cpu,
        },
      );
    }
    return figures;
  },
};

export default endToEndSuite;

function rateFor(shape: keyof typeof TARGETS): number {
  const override = process.env[shape === 'embedded' ? 'BENCH_E2E_RATE_EMBEDDED' : 'BENCH_E2E_RATE_KAFKA'];
  return override ? Number(override) : TARGETS[shape];
}

async function measure(ctx: BenchContext, label: string, sut: SystemUnderTest, token: string, rate: number, loadS: number, drainCapS: number): Promise<Measured> {
  for (const channel of BANK_CHANNELS) {
    const res = await fetch(`${sut.sandboxUrl}/sandbox/channels/${channel}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(SANDBOX_BEHAVIOUR),
    });
    if (res.status !== 200) throw new Error(`sandbox ${channel}: ${res.status} ${await res.text()}`);
  }
  const pg = new Client({ connectionString: sut.databaseUrl });
  await pg.connect();
  try {
    await installProjectionClock(pg);
    const run = randomUUID().slice(0, 8);
    let n = 0;
    const offer = (offered: number, seconds: number) =>
      postLoad({
        url: `${sut.intakeUrl}/v1/payments`,
        headers: { authorization: `Bearer ${token}` },
        // Each payment its own payer and order: the risk rules would rightly stop a burst from one payer.
        request: () => {
          const i = n++;
          return {
            body: JSON.stringify(paymentBody({ payer: { id: `bench-${run}-${i}` }, orderReference: `BENCH-${run}-${i}` })),
            headers: { 'idempotency-key': `bench-${run}-${i}` },
          };
        },
        rate: offered,
        connections: Math.min(200, Math.max(20, Math.ceil(offered / 5))),
        durationS: seconds,
      });
    // Warm-up (JIT, pools, consumer groups), settled before the measured window opens.
    const warm = await offer(Math.max(10, Math.round(rate / 10)), 4);
    await waitTerminal(ctx, pg, new Date(0), warm.ok, 90, `${label} warm-up`);
    const start = new Date();
    const cpuBefore = cpuSnapshot();
    const waits = sampleDatabaseWaits(sut.databaseUrl);
    const load = await offer(rate, loadS);
    ctx.log(`${label}: ${describeLoad(load)} (load average ${loadavg()[0]!.toFixed(2)})`);
    const done = await waitTerminal(ctx, pg, start, load.ok, drainCapS, label);
    const cpuAfter = cpuSnapshot();
    const databaseWaits = await waits.stop();
    ctx.log(`${label}: ${databaseWaits}`);
    const { rows } = await pg.query<{ settled: string; first: Date | null; last: Date | null; p50: number | null; p99: number | null }>(
      `WITH w AS (SELECT payment_id, requested_at FROM payments_v1 WHERE requested_at >= $1),
            s AS (SELECT b.payment_id, min(b.at) AS at FROM bench_projections b JOIN w USING (payment_id) WHERE b.status = 'settled' GROUP BY 1)
       SELECT count(*)::text AS settled, min(w.requested_at) AS first, max(s.at) AS last,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - w.requested_at) * 1000) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM s.at - w.requested_at) * 1000) AS p99
       FROM s JOIN w USING (payment_id)`,
      [start],
    );
    const lag = await pg.query<{ p50: number | null; p99: number | null }>(
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM b.at - e.recorded_at) * 1000) AS p50,
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM b.at - e.recorded_at) * 1000) AS p99
       FROM bench_projections b JOIN es_events e ON e.event_id = b.last_event_id WHERE e.recorded_at >= $1`,
      [start],
    );
    // Per settled payment (an unfinished one has fewer events yet), from the log.
    const events = await pg.query<{ n: string; streams: string }>(
      `SELECT count(*)::text AS n, count(DISTINCT e.stream_id)::text AS streams
       FROM es_events e JOIN payments_v1 p ON e.stream_id = 'payment-' || p.payment_id::text
       WHERE p.requested_at >= $1 AND p.status = 'settled'`,
      [start],
    );
    // Where a payment's time goes: each event's wait after the one before it on its stream.
    const stages = await pg.query<{ type: string; p50: number; p99: number }>(
      `WITH d AS (
         SELECT e.type, e.revision, extract(epoch FROM e.recorded_at - lag(e.recorded_at) OVER (PARTITION BY e.stream_id ORDER BY e.revision)) * 1000 AS ms
         FROM es_events e JOIN payments_v1 p ON e.stream_id = 'payment-' || p.payment_id::text
         WHERE p.requested_at >= $1 AND p.status = 'settled')
       SELECT type, min(revision) AS first, percentile_cont(0.5) WITHIN GROUP (ORDER BY ms) AS p50, percentile_cont(0.99) WITHIN GROUP (ORDER BY ms) AS p99
       FROM d WHERE ms IS NOT NULL GROUP BY type ORDER BY first, type`,
      [start],
    );
    const stageText = stages.rows.map((x) => `${x.type} +${Math.round(x.p50)}/${Math.round(x.p99)} ms`).join(', ');
    const r = rows[0]!;
    const settled = Number(r.settled);
    const cpu = cpuBefore && cpuAfter ? cpuPerPayment(cpuBetween(cpuBefore, cpuAfter), settled) : { ms: Number.NaN, text: `CPU per payment: not measured (${process.platform}: /proc is Linux's)` };
    ctx.log(`${label}: ${cpu.text}`);
    const windowS = r.first && r.last ? (r.last.getTime() - start.getTime()) / 1000 : Number.NaN;
    const measured: Measured = {
      load,
      accepted: done.total,
      settled,
      unfinished: done.total - done.terminal,
      settledPerSecond: settled / windowS,
      windowS,
      e2eP50Ms: r.p50 ?? Number.NaN,
      e2eP99Ms: r.p99 ?? Number.NaN,
      lagP50Ms: lag.rows[0]?.p50 ?? Number.NaN,
      lagP99Ms: lag.rows[0]?.p99 ?? Number.NaN,
      eventsPerPayment: Number(events.rows[0]!.streams) > 0 ? Number(events.rows[0]!.n) / Number(events.rows[0]!.streams) : 6,
      loadAverage: loadavg()[0]!,
      databaseWaits,
      stages: `after the previous event of the stream (p50/p99): ${stageText}`,
      cpuMsPerPayment: cpu.ms,
      cpu: cpu.text,
    };
    ctx.log(`${label}: ${JSON.stringify({ ...measured, load: undefined })}`);
    return measured;
  } finally {
    await pg.end();
  }
}

/**
 * When each payments_v1 row changed, by the database clock at the projection's write: a trigger
 * of the benchmark's own (an unlogged side table), so the services are measured unchanged
 * except for this one extra insert in the projection's transaction.
 */
async function installProjectionClock(pg: Client): Promise<void> {
  await pg.query(`
    CREATE UNLOGGED TABLE IF NOT EXISTS bench_projections (payment_id uuid, status text, version bigint, last_event_id uuid, at timestamptz);
    CREATE OR REPLACE FUNCTION bench_note_projection() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      INSERT INTO bench_projections VALUES (NEW.payment_id, NEW.status, NEW.version, NEW.last_event_id, clock_timestamp());
      RETURN NULL;
    END $$;
    DROP TRIGGER IF EXISTS bench_note_projection ON payments_v1;
    CREATE TRIGGER bench_note_projection AFTER INSERT OR UPDATE ON payments_v1 FOR EACH ROW EXECUTE FUNCTION bench_note_projection();
  `);
}

/**
 * Polls until every payment requested since `since` (PaymentRequested in the log, at least the
 * `answered` 201s) is terminal in the read model, twice in a row, or the cap passes. The log, not the
 * client's count: requests the load generator gave up on at the end of its run may still be
 * processed, and they are payments like the others.
 */
async function waitTerminal(ctx: BenchContext, pg: Client, since: Date, answered: number, capS: number, label: string): Promise<{ total: number; terminal: number }> {
  const deadline = Date.now() + capS * 1000;
  let lastLog = Date.now();
  let settledPolls = 0;
  for (;;) {
    const { rows } = await pg.query<{ total: string; terminal: string }>(
      `SELECT (SELECT count(*) FROM es_events WHERE type = 'PaymentRequested' AND recorded_at >= $1)::text AS total,
              (SELECT count(*) FROM payments_v1 WHERE requested_at >= $1 AND status = ANY($2))::text AS terminal`,
      [since, TERMINAL],
    );
    const total = Number(rows[0]!.total);
    const terminal = Number(rows[0]!.terminal);
    settledPolls = terminal >= total && total >= answered ? settledPolls + 1 : 0;
    if (settledPolls >= 2) return { total, terminal };
    if (Date.now() > deadline) {
      ctx.log(`${label}: only ${terminal} of ${total} terminal after ${capS} s`);
      return { total, terminal };
    }
    if (Date.now() - lastLog > 10_000) {
      ctx.log(`${label}: ${terminal} of ${total} terminal`);
      lastLog = Date.now();
    }
    await new Promise((r) => setTimeout(r, 500));
  }
}
