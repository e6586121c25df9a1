export interface CoalescingOptions<T = unknown> {
  /** Statements on their way to the server at once. */
  readonly maxInFlight: number;
  /** Most calls in one statement. */
  readonly maxCalls: number;
  /**
   * Most weight in one statement, by `weigh` (say, the rows a call writes). A call heavier than this
   * still goes, alone. Default: no limit.
   */
  readonly maxWeight?: number;
  readonly weigh?: (call: T) => number;
}

export const DEFAULT_COALESCING: CoalescingOptions = { maxInFlight: 2, maxCalls: 200 };

interface Waiting<T, R> {
  readonly call: T;
  readonly resolve: (result: R) => void;
  readonly reject: (error: unknown) => void;
}

/**
 * One statement for the calls that wait while others are on their way, as AppendBatcher does for
 * appends: a statement costs the server (and the client's one system call per statement) far more
 * than a row, and under load calls come in bunches (the relay delivers a batch of events, and their
 * handlers' statements follow together). A quiet caller's call goes at once, alone; calls made in
 * the same tick of the event loop leave together; while `maxInFlight` statements are out, the calls
 * made meanwhile wait and then go together.
 *
 * Each call still resolves only once its statement is done, so what a caller awaits is exactly what
 * it awaited alone (its row written, committed). `run` gets the calls in the order they were made
 * and returns one result per call, in that order. If it fails, every call of that statement fails
 * with its error: use it for statements whose calls cannot fail one by one (an upsert, a delete by
 * key), or whose `run` isolates them.
 */
export class CoalescedStatements<T, R = void> {
  private readonly queue: Waiting<T, R>[] = [];
  private inFlight = 0;
  private scheduled = false;
  private readonly weigh: (call: T) => number;

  constructor(
    private readonly run: (calls: readonly T[]) => Promise<readonly R[]>,
    private readonly options: CoalescingOptions<T> = DEFAULT_COALESCING,
  ) {
    this.weigh = options.weigh ?? (() => 0);
  }

  call(call: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ call, resolve, reject });
      // After the current tick, so that calls made together leave together.
      if (!this.scheduled) {
        this.scheduled = true;
        queueMicrotask(() => {
          this.scheduled = false;
          this.pump();
        });
      }
    });
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      // Shared among the free slots, so that no one statement does all the work while a slot idles.
      const batch = this.take(Math.ceil(this.queue.length / (this.options.maxInFlight - this.inFlight)));
      this.inFlight += 1;
      void this.send(batch).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private take(share: number): Waiting<T, R>[] {
    const batch = [this.queue.shift()!];
    const limit = Math.min(share, this.options.maxCalls);
    const maxWeight = this.options.maxWeight ?? Infinity;
    let weight = this.weigh(batch[0]!.call);
    while (batch.length < limit && this.queue.length > 0 && weight + this.weigh(this.queue[0]!.call) <= maxWeight) {
      const next = this.queue.shift()!;
      weight += this.weigh(next.call);
      batch.push(next);
    }
    return batch;
  }

  private async send(batch: readonly Waiting<T, R>[]): Promise<void> {
    let results: readonly R[];
    try {
      results = await this.run(batch.map((w) => w.call));
    } catch (error) {
      for (const w of batch) w.reject(error);
      return;
    }
    if (results.length !== batch.length) {
      const error = new Error(`a coalesced statement returned ${results.length} results for ${batch.length} calls`);
      for (const w of batch) w.reject(error);
      return;
    }
    batch.forEach((w, i) => w.resolve(results[i]!));
  }
}
