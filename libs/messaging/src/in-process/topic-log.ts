import type { Message } from '../port';

export type StoredMessage = Omit<Message, 'topic'>;

/** One topic's partitions, append-only, with a way to wait for the next change. */
export class TopicLog {
  readonly partitions: StoredMessage[][];
  private waiters = new Set<() => void>();

  constructor(partitionCount: number) {
    this.partitions = Array.from({ length: partitionCount }, () => []);
  }

  append(partition: number, message: StoredMessage): void {
    this.partitions[partition]?.push(message);
  }

  /** Wakes every waiter: a new message, or a membership change that may move partitions. */
  notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves on the next `notify()` or when `signal` aborts. */
  changed(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        signal.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
