import { TARGETS } from './killer';
import type { ChaosResult } from './run-chaos';

const pad = (s: string | number, n: number) => String(s).padEnd(n);
const padL = (s: string | number, n: number) => String(s).padStart(n);

/** The summary the issue asks for: kills and restarts per process, the load, then each check with its count. */
export function formatReport(r: ChaosResult): string {
  const lines: string[] = [];
  const l = r.load;
  lines.push('', `Crash run: ${r.options.payments} payments, seed ${r.options.seed}, a kill every ~${r.options.killEveryMs} ms (down ~${r.options.downMs} ms), ${r.rounds} round(s)`);
  lines.push('', `${pad('process', 18)}${padL('kills', 7)}${padL('restarts', 10)}${padL('down avg ms', 13)}${padL('down max ms', 13)}`);
  for (const t of TARGETS) {
    const s = r.kills[t];
    lines.push(`${pad(t, 18)}${padL(s.kills, 7)}${padL(s.restarts, 10)}${padL(s.restarts ? Math.round(s.downMsTotal / s.restarts) : 0, 13)}${padL(s.downMsMax, 13)}`);
  }
  lines.push(
    '',
    `client: ${l.acknowledged} acknowledged, ${l.unacknowledged} not, ${l.requests} requests, ${l.retries} retries (${l.connectionErrors} broken connections, ${l.serverErrors} 5xx), ${l.refused.length} refused; sent in ${(l.durationMs / 1000).toFixed(1)} s`,
    `refunds: ${r.refunds.acknowledged} acknowledged, ${r.refunds.refused.length} refused, ${r.refunds.notSettled} payments not settled to refund, ${r.refunds.requests} requests`,
    `everything terminal and projected: ${r.settled ? 'yes' : 'NO'}, ${(r.settledAfterMs / 1000).toFixed(1)} s after the first request`,
    '',
  );
  for (const [k, v] of Object.entries(r.figures)) lines.push(`  ${pad(k, 40)}${padL(v, 10)}`);
  lines.push('', `${pad('check', 44)}${padL('count', 7)}  verdict`);
  for (const c of r.checks) {
    lines.push(`${pad(c.name, 44)}${padL(c.count, 7)}  ${c.count === 0 ? 'ok' : 'FAIL'}`);
    for (const e of c.examples) lines.push(`    e.g. ${e}`);
  }
  lines.push('', r.passed ? 'PASSED' : 'FAILED', '');
  return lines.join('\n');
}
