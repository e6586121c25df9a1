// `npm test`: the whole suite. Type-check and lint first (fast failures), then every Jest test.
// Jest's global setup starts what the tests need (embedded PostgreSQL, a Kafka broker on Java 17).
// Extra arguments go to Jest, e.g. `npm test -- libs/event-store`.
import { spawnSync } from 'node:child_process';
import { projectRoot } from './infra/postgres.mjs';

const args = process.argv.slice(2);
const run = (label, command, commandArgs) => {
  const started = Date.now();
  process.stdout.write(`\n▶ ${label}\n`);
  const result = spawnSync(command, commandArgs, { cwd: projectRoot, stdio: 'inherit', env: { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', ...process.env } });
  process.stdout.write(`${result.status === 0 ? '✔' : '✘'} ${label} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
  if (result.status !== 0) process.exit(result.status ?? 1);
};

const bin = (name) => `${projectRoot}/node_modules/.bin/${name}`;
if (args.length === 0) {
  run('type-check (tsc --noEmit)', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit']);
  // The module-boundary rule reads Nx's cached project graph and silently skips itself without one
  // (a fresh clone has none): compute the graph first.
  run('project graph (nx)', bin('nx'), ['show', 'projects']);
  run('lint (eslint, type-checked rules, module boundaries)', bin('eslint'), ['.', '--max-warnings=0']);
}
// The crash harness kills and restarts whole processes for minutes: it runs on its own after the
// rest, so its load does not bend the timing-sensitive scenarios running beside it (and vice versa).
const CHAOS = 'apps/platform/src/e2e/chaos-kills-every-process';
if (args.length === 0) {
  run('tests (jest)', bin('jest'), ['--ci', '--testPathIgnorePatterns', CHAOS]);
  run('crash harness (jest, 1,000 payments, every process killed in turn)', bin('jest'), ['--ci', CHAOS]);
} else {
  run('tests (jest)', bin('jest'), ['--ci', ...args]);
}
