// What one refused `POST /v1/payments` costs the embedded platform's process and its main thread:
//   node -r @swc-node/register tools/bench/refusal-cost.ts
// The platform runs with INTAKE_MAX_PAYMENTS_IN_FLIGHT=1 and banks that take 10 minutes, so after
// the first payment every request is refused (503); three rounds of 10 s at 1,000 requests/s, each
// a new payer and key, CPU read from /proc. BENCH_CPU_PROF=<dir> writes the platform's V8 profile.
// Linux only. Figures in docs/benchmarks.md ("Refusals before the body").
import { readFileSync } from 'node:fs';
import { freePortRange, spawnEntry, waitForReady } from '@pl/testing';
import { BANK_CHANNELS } from '@pl/bank-protocol';
import { startEmbeddedPostgres } from '../../scripts/infra/postgres.mjs';
import { AUDIENCE, ISSUER, paymentBody, testIssuer } from '../../apps/platform/src/e2e/harness';
import { postLoad } from './suites/http-load';
import { profileEnv } from './suites/intake';

/** CPU milliseconds of a process, or of one of its threads, from /proc (utime + stime at 100 ticks a second). */
function cpuMs(pid: number, thread?: number): number {
  const stat = readFileSync(thread === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${thread}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(') ') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function main(): Promise<void> {
  const pg = await startEmbeddedPostgres({ name: `pg-refusals-${process.pid}`, port: 0, persistent: false });
  const issuer = await testIssuer();
  const auth = { authorization: `Bearer ${await issuer.token(['payments:write'], 'bench-client', 3600)}` };
  const base = await freePortRange(7);
  // Ports as the platform lays them out from BASE_PORT (SERVICE_PORTS in apps/platform/src/platform.ts).
  const [intake, sandbox] = [`http://127.0.0.1:${base}`, `http://127.0.0.1:${base + 6}`];
  const platform = spawnEntry('apps/platform/src/main.ts', {
    ...profileEnv(),
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS: issuer.jwksJson,
    DATABASE_URL: pg.url,
    BASE_PORT: String(base),
    SANDBOX_ADMIN: '1',
    INTAKE_MAX_PAYMENTS_IN_FLIGHT: '1',
  });
  try {
    for (const url of [intake, sandbox]) await waitForReady(`${url}/health/ready`, platform, 180_000);
    for (const channel of BANK_CHANNELS) {
      const res = await fetch(`${sandbox}/sandbox/channels/${channel}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ processingMs: 600_000 }) });
      if (res.status !== 200) throw new Error(`sandbox ${channel}: ${res.status} ${await res.text()}`);
    }
    const first = await fetch(`${intake}/v1/payments`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, 'idempotency-key': 'first' }, body: JSON.stringify(paymentBody()) });
    if (first.status !== 201) throw new Error(`the first payment: ${first.status} ${await first.text()}`);
    // Intake counts it from the payment topic a moment later; from then on everything is refused.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    let n = 0;
    const offer = (rate: number, durationS: number) =>
      postLoad({
        url: `${intake}/v1/payments`,
        headers: auth,
        request: () => {
          const i = n++;
          return { body: JSON.stringify(paymentBody({ payer: { id: `refused-${i}` }, orderReference: `REFUSED-${i}` })), headers: { 'idempotency-key': `refused-${i}` } };
        },
        rate,
        connections: 200,
        durationS,
      });
    await offer(500, 3); // warm-up
    const pid = platform.child.pid!;
    for (let round = 1; round <= 3; round += 1) {
      const [process0, main0] = [cpuMs(pid), cpuMs(pid, pid)];
      const load = await offer(1000, 10);
      const [process1, main1] = [cpuMs(pid), cpuMs(pid, pid)];
      const refused = load.statusCodes['503'] ?? 0;
      const perRefusal = (ms: number) => ((ms * 1000) / refused).toFixed(0);
      console.log(
        `round ${round}: answers ${JSON.stringify(load.statusCodes)}; ${perRefusal(process1 - process0)} µs of the platform's CPU per refusal ` +
          `(main thread ${perRefusal(main1 - main0)} µs); p99 ${load.p99Ms} ms`,
      );
    }
  } finally {
    await platform.stop();
    await pg.stop();
  }
}

void main();
