import type { DistributedProcess } from '../../../apps/platform/src/e2e/distributed';

/** What the killer takes down, in this order, round after round. The bank sandbox stays up: it is the bank. */
export const TARGETS = ['intake', 'risk', 'routing', 'bank-connectors', 'refunds', 'reporting', 'relay', 'kafka'] as const;
export type Target = (typeof TARGETS)[number];

export interface KillerOptions {
  /** SIGKILL the target. */
  readonly kill: (target: Target) => Promise<void>;
  /** Start it again with the same environment and port; resolves once it is ready. */
  readonly restart: (target: Target) => Promise<void>;
  readonly killEveryMs: number;
  readonly downMs: number;
  readonly random: () => number;
  readonly log: (line: string) => void;
  /** Asked before each kill once `stop()` was called and a full round is done: true ends the killing. */
  readonly finished: () => Promise<boolean>;
  /** Aborted (Ctrl-C): no more kills, whatever the round. */
  readonly signal: AbortSignal;
}

export interface TargetStats {
  kills: number;
  restarts: number;
  /** From the kill until the restarted process said it was ready. */
  downMsTotal: number;
  downMsMax: number;
}

export interface Killer {
  /**
   * Keeps killing until at least one full round is done and `finished()` says so (the backlog has
   * drained: kills land while the pipeline works, not only while the client sends), then stops.
   */
  stop(): Promise<void>;
  readonly stats: Readonly<Record<Target, TargetStats>>;
  rounds(): number;
  /** The error that stopped the killer early (a restart that failed), if any. */
  error(): unknown;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export const isServiceTarget = (t: Target): t is Exclude<Target, 'kafka'> & DistributedProcess => t !== 'kafka';

/**
 * One process down at a time: wait (jittered around killEveryMs), SIGKILL the next target, leave it
 * dead for downMs (jittered), start it again and wait until it is ready. A restart that fails stops
 * the killer with that error: the run cannot go on with a process missing.
 */
export function startKiller(o: KillerOptions): Killer {
  const stats = Object.fromEntries(TARGETS.map((t) => [t, { kills: 0, restarts: 0, downMsTotal: 0, downMsMax: 0 }])) as Record<Target, TargetStats>;
  let stopping = false;
  let completedRounds = 0;
  let failure: unknown;
  const jitter = (ms: number) => Math.round(ms * (0.5 + o.random()));
  const over = async () => o.signal.aborted || (stopping && completedRounds >= 1 && (await o.finished()));
  const loop = (async () => {
    for (;;) {
      for (const target of TARGETS) {
        await sleep(jitter(o.killEveryMs));
        if (await over()) return;
        const down = Date.now();
        await o.kill(target);
        stats[target].kills += 1;
        await sleep(jitter(o.downMs));
        await o.restart(target);
        const ms = Date.now() - down;
        stats[target].restarts += 1;
        stats[target].downMsTotal += ms;
        stats[target].downMsMax = Math.max(stats[target].downMsMax, ms);
        o.log(`killed and restarted ${target}: down ${ms} ms`);
      }
      completedRounds += 1;
    }
  })().catch((error: unknown) => {
    failure = error;
    o.log(`killer stopped: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  });
  return {
    stats,
    rounds: () => completedRounds,
    error: () => failure,
    stop: async () => {
      stopping = true;
      await loop;
      if (failure !== undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
    },
  };
}
