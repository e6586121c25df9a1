/**
 * The benchmark interface: every suite in suites/ implements BenchSuite and is listed in
 * suites/index.ts; the runner (run.ts) gives each one a context and prints what it returns.
 *
 * A figure is only worth something beside a ceiling measured in the same run on the same machine
 * (the machine is shared and noisy): `ceiling` and `ratio` say how close to it the project gets.
 */
export interface BenchContext {
  /** A fresh database per suite on the runner's embedded PostgreSQL (or the server DATABASE_URL names). */
  readonly databaseUrl: string;
  /** Starts (once, on first call) a Kafka broker for the suites that need one. */
  readonly kafkaBrokers: () => Promise<string[]>;
  /** Short durations and small data sets: a smoke run, not a measurement. */
  readonly quick: boolean;
  log(message: string): void;
}

export interface BenchFigure {
  readonly suite: string;
  readonly metric: string;
  readonly value: number;
  readonly unit: string;
  /** The same thing done without the project's code in the way, measured in the same run. */
  readonly ceiling?: { readonly name: string; readonly value: number };
  /** Throughput: value / ceiling.value. Latency: ceiling.value / value. Either way, 1 = as fast as the ceiling. */
  readonly ratio?: number;
  /** The target, e.g. '≥ 70 % of plain INSERT'. */
  readonly target?: string;
  readonly met?: boolean;
  readonly notes?: string;
}

export interface BenchSuite {
  readonly name: string;
  run(ctx: BenchContext): Promise<BenchFigure[]>;
}

/** The p-th percentile (0–100) of samples, nearest rank; the samples are sorted in place. */
export function percentile(samples: number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  samples.sort((a, b) => a - b);
  const rank = Math.min(samples.length - 1, Math.max(0, Math.ceil((p / 100) * samples.length) - 1));
  return samples[rank]!;
}

/** Milliseconds since `start` (a process.hrtime.bigint() reading), with sub-microsecond resolution. */
export function elapsedMs(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/**
 * Runs `workers` copies of `work` until `durationMs` has passed; each call of `work` reports how
 * many units (events, requests) it completed. Returns units per second over the measured time.
 */
export async function throughput(workers: number, durationMs: number, work: (worker: number) => Promise<number>): Promise<{ units: number; perSecond: number }> {
  const start = process.hrtime.bigint();
  const deadline = Date.now() + durationMs;
  let units = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, worker) => {
      while (Date.now() < deadline) {
        // Not `units += await work(...)`: that reads `units` before the await, so workers finishing
        // meanwhile were overwritten and the total came out about `workers` times too low.
        const done = await work(worker);
        units += done;
      }
    }),
  );
  const seconds = elapsedMs(start) / 1000;
  return { units, perSecond: units / seconds };
}
