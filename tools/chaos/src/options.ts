/** What one crash run does: `npm run chaos -- --payments 10000 --kill-every-ms 3000 --seed 7`. */
export interface ChaosOptions {
  /** Payments the ERP client sends, each with its own Idempotency-Key. */
  readonly payments: number;
  /** Pause between one restarted process being ready and the next kill. */
  readonly killEveryMs: number;
  /** How long a killed process stays dead before it is started again. */
  readonly downMs: number;
  /** Seeds the kill schedule's jitter and the client's retry jitter: the same seed, the same plan. */
  readonly seed: number;
  /** Requests in flight at once (the client's connections). */
  readonly concurrency: number;
  /** Every Nth acknowledged payment gets a partial refund once settled (0: no refunds). */
  readonly refundEvery: number;
  /** Most time to wait, after the last kill, for every payment to be terminal and projected. */
  readonly settleTimeoutMs: number;
  /** Writes the result as JSON here (the CI test reads it). */
  readonly jsonOut?: string;
  /** Keeps each process's output here (default tmp/chaos/<run>). */
  readonly logDir?: string;
}

export const DEFAULT_OPTIONS: ChaosOptions = {
  payments: 10_000,
  killEveryMs: 3_000,
  downMs: 1_000,
  seed: 1,
  concurrency: 16,
  refundEvery: 10,
  settleTimeoutMs: 300_000,
};

const FLAGS: Record<string, keyof ChaosOptions> = {
  '--payments': 'payments',
  '--kill-every-ms': 'killEveryMs',
  '--down-ms': 'downMs',
  '--seed': 'seed',
  '--concurrency': 'concurrency',
  '--refund-every': 'refundEvery',
  '--settle-timeout-ms': 'settleTimeoutMs',
  '--json': 'jsonOut',
  '--log-dir': 'logDir',
};

const TEXT: ReadonlySet<keyof ChaosOptions> = new Set(['jsonOut', 'logDir']);

export const USAGE = `usage: npm run chaos -- [--payments N] [--kill-every-ms MS] [--down-ms MS] [--seed N] [--concurrency N] [--refund-every N] [--settle-timeout-ms MS] [--json FILE] [--log-dir DIR]`;

/** Parses `--flag value` / `--flag=value`; throws with the usage on anything else. */
export function parseOptions(argv: readonly string[]): ChaosOptions {
  const options: Record<string, number | string> = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const key = FLAGS[flag];
    if (!key) throw new Error(`unknown option ${arg}\n${USAGE}`);
    const value = inline ?? argv[++i];
    if (value === undefined) throw new Error(`${flag} needs a value\n${USAGE}`);
    if (TEXT.has(key)) {
      options[key] = value;
      continue;
    }
    if (!/^\d+$/.test(value) || (key !== 'seed' && key !== 'downMs' && key !== 'refundEvery' && Number(value) === 0)) throw new Error(`${flag}: expected a positive integer, got ${value}\n${USAGE}`);
    options[key] = Number(value);
  }
  return options as unknown as ChaosOptions;
}
