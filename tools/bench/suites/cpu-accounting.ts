import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';

/**
 * Where the machine's CPU time goes during a run, read from Linux's /proc: every process's user +
 * system time, grouped by what it is (PostgreSQL, every server on the machine counted as one, the
 * Kafka broker, each service process, the benchmark itself, which is also the load generator,
 * and the rest as "other"), and for Node.js processes the main thread
 * (the event loop, where the project's JavaScript runs) apart from the others (V8's garbage
 * collector and compiler helpers, libuv). With the settled count this gives CPU per payment: at
 * 2 cores, a platform that needs C ms of CPU per payment cannot settle more than 2,000 / C a second.
 *
 * Linux only; elsewhere `snapshot` returns undefined and the figures say so.
 */
export interface CpuSnapshot {
  readonly at: number;
  /** Jiffies of the whole machine: busy (everything but idle and iowait) and total. */
  readonly machine: { readonly busy: number; readonly total: number };
  /** Jiffies per process; `main` is its main thread's (for a Node.js process; else equal to `all`). */
  readonly processes: ReadonlyMap<number, { readonly group: string; readonly node: boolean; readonly main: number; readonly all: number }>;
}

export interface CpuUse {
  /** Seconds of wall clock between the snapshots. */
  readonly seconds: number;
  /** Share of all the machine's cores that was busy, 0–1. */
  readonly machineBusy: number;
  /** CPU seconds per group; `main` is the main thread's share of a Node.js process (undefined for others). */
  readonly groups: ReadonlyArray<{ readonly group: string; readonly cpuS: number; readonly mainS?: number }>;
}

const CLOCK_TICKS = 100; // USER_HZ: 100 on every Linux architecture Node.js runs on

export function cpuSnapshot(): CpuSnapshot | undefined {
  if (process.platform !== 'linux') return undefined;
  const processes = new Map<number, { group: string; node: boolean; main: number; all: number }>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    try {
      const all = ticksOf(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      if (all === 0) continue;
      const group = groupOf(pid, readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0'));
      const node = group.startsWith('node ') || pid === process.pid;
      const main = node ? ticksOf(readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8')) : all;
      processes.set(pid, { group, node, main, all });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
  const total = cpu.slice(0, 8).reduce((a, b) => a + b, 0);
  const idle = (cpu[3] ?? 0) + (cpu[4] ?? 0);
  return { at: Date.now(), machine: { busy: total - idle, total }, processes };
}

/** What ran between two snapshots. A process that started in between counts from zero; one that ended is missed. */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): CpuUse {
  const groups = new Map<string, { cpu: number; main: number; node: boolean }>();
  for (const [pid, now] of after.processes) {
    const then = before.processes.get(pid);
    const entry = groups.get(now.group) ?? { cpu: 0, main: 0, node: now.node };
    entry.cpu += now.all - (then?.all ?? 0);
    entry.main += now.main - (then?.main ?? 0);
    groups.set(now.group, entry);
  }
  const machineTotal = after.machine.total - before.machine.total;
  return {
    seconds: (after.at - before.at) / 1000,
    machineBusy: machineTotal > 0 ? (after.machine.busy - before.machine.busy) / machineTotal : Number.NaN,
    groups: [...groups]
      .filter(([, g]) => g.cpu > 0)
      .sort((a, b) => b[1].cpu - a[1].cpu)
      .map(([group, g]) => ({ group, cpuS: g.cpu / CLOCK_TICKS, ...(g.node ? { mainS: g.main / CLOCK_TICKS } : {}) })),
  };
}

/**
 * CPU milliseconds per settled payment summed over every process (the benchmark's own included),
 * and the same by group: "total 20.9 (node platform 12.6 (main thread 10.5), PostgreSQL 6.0, …)".
 */
export function cpuPerPayment(use: CpuUse, payments: number): { readonly ms: number; readonly text: string } {
  if (payments <= 0) return { ms: Number.NaN, text: 'no payment settled' };
  const perPayment = (s: number) => (s * 1000) / payments;
  const ms = perPayment(use.groups.reduce((a, g) => a + g.cpuS, 0));
  const parts = use.groups
    .filter((g) => perPayment(g.cpuS) >= 0.05)
    .map((g) => `${g.group} ${perPayment(g.cpuS).toFixed(1)}${g.mainS === undefined ? '' : ` (main thread ${perPayment(g.mainS).toFixed(1)})`}`);
  const text =
    `CPU ms per settled payment over ${use.seconds.toFixed(1)} s: total ${ms.toFixed(1)} (${parts.join(', ')}); ` +
    `the machine's ${cpus().length} cores were ${(use.machineBusy * 100).toFixed(0)} % busy`;
  return { ms, text };
}

function ticksOf(stat: string): number {
  // Fields after the parenthesised command name (which may hold spaces): utime is the 14th field, stime the 15th.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

function groupOf(pid: number, argv: readonly string[]): string {
  if (pid === process.pid) return 'benchmark (load generator)';
  const command = argv[0] ?? '';
  if (/(^|\/)postgres$/.test(command) || argv.join(' ').startsWith('postgres:')) return 'PostgreSQL';
  if (/(^|\/)java$/.test(command) && argv.some((a) => a.includes('kafka'))) return 'Kafka broker';
  const entry = argv.find((a) => /(apps|tools)\/[\w-]+\/src\/[\w.-]+\.ts$/.test(a));
  if (/(^|\/)node$/.test(command) && entry) return `node ${entry.replace(/.*?(apps|tools)\/([\w-]+)\/src\/.*/, '$2')}`;
  return 'other';
}
