import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import { startDistributed, type Distributed } from '../../../apps/platform/src/e2e/distributed';
import { testIssuer } from '../../../apps/platform/src/e2e/harness';
import { channelFaults, regionCatalogueFile } from '../../../apps/platform/src/e2e/thousand-payments.fixtures';
import { outstanding, runChecks, type Checks } from './checks';
import { startChaosInfra } from './infra';
import { isServiceTarget, startKiller, type Target, type TargetStats } from './killer';
import { runLoad, type LoadResult } from './load';
import { runRefunds, type RefundLoadResult } from './refunds';
import { seededRandom } from '../../../apps/bank-sandbox/src/random';
import type { ChaosOptions } from './options';

export interface ChaosResult {
  readonly options: ChaosOptions;
  readonly load: Omit<LoadResult, 'acknowledged'> & { acknowledged: number };
  readonly refunds: { requested: number; acknowledged: number; refused: RefundLoadResult['refused']; notSettled: number; requests: number };
  readonly kills: Readonly<Record<Target, TargetStats>>;
  readonly rounds: number;
  /** From the first request until every payment was terminal and projected (or the wait gave up). */
  readonly settledAfterMs: number;
  readonly settled: boolean;
  readonly checks: Checks['checks'];
  readonly figures: Checks['figures'];
  readonly passed: boolean;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** The harness: own PostgreSQL and broker, the platform as separate processes, the load, the killer, the checks. */
export async function runChaos(options: ChaosOptions, log: (line: string) => void, signal: AbortSignal = new AbortController().signal): Promise<ChaosResult> {
  const logDir = options.logDir ?? join('tmp', 'chaos', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(logDir, { recursive: true });
  const infra = await startChaosInfra(log, logDir);
  let system: Distributed | undefined;
  // The checks read in one REPEATABLE READ transaction, so they have a connection of their own; the
  // watchers that run side by side while the killer works (progress, the killer's "finished?", eight
  // refund workers) share a pool: one pg client must not be sent a query while it runs another.
  const pg = new Client({ connectionString: infra.databaseUrl });
  const watch = new Pool({ connectionString: infra.databaseUrl, max: 4 });
  watch.on('error', () => undefined);
  // Output of every process, killed or not, kept for a failure's post-mortem.
  const keepOutput = (name: string) => {
    const proc = system?.processes.get(name);
    if (proc) writeFileSync(join(logDir, `${name}.log`), `${proc.output()}\n--- ${new Date().toISOString()} ---\n`, { flag: 'a' });
  };
  try {
    const issuer = await testIssuer();
    const auth = { authorization: `Bearer ${await issuer.token(['payments:write', 'payments:read', 'audit:read', 'refunds:write', 'refunds:read'], 'chaos-erp', 24 * 3600)}` };
    system = await startDistributed({
      databaseUrl: infra.databaseUrl,
      brokers: [infra.brokers],
      jwksJson: issuer.jwksJson,
      // A killed consumer's partitions wait for its session to expire: the broker's floor, not kafkajs's 30 s.
      commonEnv: { KAFKA_SESSION_TIMEOUT_MS: '6000' },
      env: {
        routing: { ROUTING_CATALOGUE_FILE: regionCatalogueFile() },
        'bank-connectors': { BANK_TIMEOUT_MS: '400', CALLBACK_GRACE_MS: '1500', STATUS_POLL_INTERVAL_MS: '500', PROBE_INTERVAL_MS: '30000' },
      },
    });
    const running = system;
    log(`platform up: intake ${running.urls.intake}, reporting ${running.urls.reporting}, bank sandbox ${running.urls['bank-sandbox']}`);
    for (const [channel, faults] of Object.entries(channelFaults)) {
      const res = await fetch(`${running.urls['bank-sandbox']}/sandbox/channels/${channel}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(faults) });
      if (res.status !== 200) throw new Error(`sandbox channel ${channel}: HTTP ${res.status}`);
    }
    await pg.connect();

    // Separate dice for the killer and the client: their draws interleave differently each run.
    const random = seededRandom(options.seed);
    // Set when the client is done: from then on the killer stops once every payment is terminal (or this passes).
    let killUntil = Number.POSITIVE_INFINITY;
    let refundsDone = false;
    const started = Date.now();
    const killer = startKiller({
      killEveryMs: options.killEveryMs,
      downMs: options.downMs,
      random,
      log,
      kill: async (t) => {
        if (isServiceTarget(t)) {
          await running.kill(t);
          keepOutput(t);
        } else await infra.killBroker();
      },
      // Generous: on a busy 2-core machine a service takes over a minute to compile and start.
      restart: (t) => (isServiceTarget(t) ? running.restart(t, 300_000) : infra.restartBroker()),
      finished: async () => Date.now() > killUntil || (refundsDone && (await outstanding(watch)).notTerminal === 0),
      signal,
    });
    const progress = setInterval(() => {
      void outstanding(watch)
        .then((o) => log(`progress: ${JSON.stringify(o.byStatus)}; not terminal ${o.notTerminal}, not projected ${o.notProjected}`))
        .catch(() => undefined);
    }, 10_000);
    let load: LoadResult;
    let refunds: RefundLoadResult;
    try {
      load = await runLoad({
        intakeUrl: running.urls.intake,
        auth,
        payments: options.payments,
        concurrency: options.concurrency,
        run: `${options.seed}-${started}`,
        random: seededRandom(options.seed + 1),
        // A process that did not come back ends the run: there is no point sending into it.
        stopWhen: () => killer.error() !== undefined || signal.aborted,
      });
      log(`load done: ${load.acknowledged.length} acknowledged in ${load.durationMs} ms; refunds next, killing on until everything is terminal`);
      refunds = await runRefunds({
        refundsUrl: running.urls.refunds,
        auth,
        paymentIds: options.refundEvery > 0 ? load.acknowledged.filter((_, k) => k % options.refundEvery === 0) : [],
        pg: watch,
        run: `${options.seed}-${started}`,
        random: seededRandom(options.seed + 2),
        stopWhen: () => killer.error() !== undefined || signal.aborted,
      });
      refundsDone = true;
      log(`refunds: ${refunds.acknowledged.length} acknowledged, ${refunds.refused.length} refused, ${refunds.notSettled} payments not settled`);
      killUntil = Date.now() + options.settleTimeoutMs;
      await killer.stop();
    } finally {
      clearInterval(progress);
    }

    // Everything terminal in the log and projected, or the deadline.
    const deadline = Date.now() + options.settleTimeoutMs;
    let settled = false;
    let eventsBefore = -1;
    for (let polls = 1; !signal.aborted; polls += 1) {
      const o = await outstanding(watch);
      const { rows } = await watch.query<{ n: number }>('SELECT count(*)::int AS n FROM es_events');
      // Settled, and quiet: no event appended since the last poll (no follow-up still on its way).
      if (o.notTerminal === 0 && o.notProjected === 0 && rows[0]!.n === eventsBefore) {
        settled = true;
        break;
      }
      eventsBefore = rows[0]!.n;
      if (Date.now() > deadline) {
        log(`gave up waiting: ${JSON.stringify(o)}`);
        break;
      }
      if (polls % 10 === 0) log(`settling: not terminal ${o.notTerminal}, not projected ${o.notProjected}`);
      await sleep(1_000);
    }
    if (signal.aborted) throw new Error('interrupted: no checks');
    const settledAfterMs = Date.now() - started;
    log(`${settled ? 'settled' : 'not settled'} after ${settledAfterMs} ms; checking`);
    const { checks, figures } = await runChecks({ pg, databaseUrl: infra.databaseUrl, log, refunds: refunds.acknowledged, acknowledged: load.acknowledged, reportingUrl: running.urls.reporting, sandboxUrl: running.urls['bank-sandbox'], auth });
    const { acknowledged, ...loadFigures } = load;
    return {
      options,
      load: { ...loadFigures, acknowledged: acknowledged.length },
      refunds: { requested: refunds.acknowledged.length + refunds.refused.length, acknowledged: refunds.acknowledged.length, refused: refunds.refused, notSettled: refunds.notSettled, requests: refunds.requests },
      kills: killer.stats,
      rounds: killer.rounds(),
      settledAfterMs,
      settled,
      checks,
      figures,
      passed: settled && checks.every((c) => c.count === 0),
    };
  } finally {
    for (const name of system?.processes.keys() ?? []) keepOutput(name);
    await pg.end().catch(() => undefined);
    await watch.end().catch(() => undefined);
    await system?.stop();
    await infra.stop();
    log(`process output kept in ${logDir}`);
  }
}
