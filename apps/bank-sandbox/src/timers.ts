/**
 * Every delay the sandbox waits (latency, held-back timeouts, late callbacks) goes through here, so
 * closing the sandbox cancels them all: a test must not leave a 30 s timer or a callback in flight
 * behind it (Jest would report open handles, and a late callback would hit the next test's server).
 */
export class Timers {
  private readonly pending = new Set<{ timer: NodeJS.Timeout; done: () => void }>();
  private readonly controller = new AbortController();

  /** Aborted when the sandbox closes; pass it to outgoing fetches. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get closed(): boolean {
    return this.controller.signal.aborted;
  }

  /** Resolves after `ms`, or at once when the sandbox closes (callers check `closed` afterwards). */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const entry = {
        timer: setTimeout(() => {
          this.pending.delete(entry);
          resolve();
        }, ms),
        done: resolve,
      };
      this.pending.add(entry);
    });
  }

  close(): void {
    this.controller.abort();
    for (const entry of this.pending) {
      clearTimeout(entry.timer);
      entry.done();
    }
    this.pending.clear();
  }
}
