import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { ChaosResult } from '../../../../tools/chaos/src/run-chaos';

/**
 * The crash harness (`npm run chaos`, issue #5) at CI size: N payments (1,000 by default;
 * CHAOS_PAYMENTS to change) while every service, the relay and the Kafka broker are SIGKILLed and
 * restarted in turn. The harness starts its own PostgreSQL and its own broker on ports of its own,
 * so the broker the other test files share is never killed. It runs as its own process, as
 * `npm run chaos` does, and reports its checks as JSON.
 */
const ROOT = resolve(__dirname, '..', '..', '..', '..');
const PAYMENTS = Number(process.env['CHAOS_PAYMENTS'] ?? 1000);
const java = spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
if (!java && process.env['REQUIRE_KAFKA'] === '1') throw new Error('crash harness: REQUIRE_KAFKA=1 but Java 17 is not installed');
if (!java) process.stderr.write('\n*** SKIPPED: crash harness (no Java 17 for its own Kafka broker) ***\n\n');
const describeJava = java ? describe : describe.skip;

function runHarness(args: readonly string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/chaos/src/main.ts', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => {
      output += chunk.toString();
      process.stderr.write(chunk);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.once('error', fail);
    child.once('exit', (code) => done({ code, output }));
  });
}

describeJava(`crash harness: ${PAYMENTS} payments while every process is killed in turn`, () => {
  it('loses no acknowledged payment or refund, charges, pays back and records nothing twice, balances and rebuilds the read model', async () => {
    const json = join(mkdtempSync(join(tmpdir(), 'pl-chaos-')), 'result.json');
    const { code, output } = await runHarness(['--payments', String(PAYMENTS), '--kill-every-ms', '500', '--down-ms', '300', '--json', json]);
    if (!existsSync(json)) throw new Error(`the harness exited with ${code} before it reported:\n${output.slice(-4000)}`);
    const result = JSON.parse(readFileSync(json, 'utf8')) as ChaosResult;

    // Every process was killed and came back, the broker included.
    for (const [target, s] of Object.entries(result.kills)) expect([target, s.kills >= 1, s.restarts]).toEqual([target, true, s.kills]);
    expect(result.load.acknowledged).toBe(PAYMENTS);
    // A tenth of the settled payments were partly refunded while the processes kept dying.
    expect(result.refunds.acknowledged).toBeGreaterThan(0);
    expect(result.settled).toBe(true);
    // Each check is a count that must be zero; the examples say which payments broke it.
    expect(result.checks.map((c) => [c.name, c.count, c.examples])).toEqual(result.checks.map((c) => [c.name, 0, []]));
    expect(result.figures['payment streams']).toBe(PAYMENTS);
    expect(result.figures['read-model rows']).toBe(PAYMENTS);
    expect(result.passed).toBe(true);
    expect([code, output.includes('PASSED')]).toEqual([0, true]);
  }, 900_000);
});
