import { Client, type ClientConfig } from 'pg';
import { NOTIFY_CHANNEL } from './schema';

/**
 * Wakes a subscription when an append commits (LISTEN/NOTIFY), or after a polling interval:
 * a notification lost while the connection was down can delay a subscriber, never stall it.
 */
export class Wakeup {
  private waiters = new Set<() => void>();
  private pending = false;
  private client?: Client;

  constructor(private readonly config: ClientConfig) {}

  async open(): Promise<void> {
    try {
      const client = new Client(this.config);
      client.on('notification', () => this.wakeAll());
      client.on('error', () => {
        // Polling carries on; the subscription does not depend on this connection.
        this.client = undefined;
      });
      await client.connect();
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`);
      this.client = client;
    } catch {
      this.client = undefined;
    }
  }

  /** Resolves on the next notification (or one that came since the last wait), a timeout, or abort. */
  wait(timeoutMs: number, signal?: AbortSignal): Promise<void> {
    if (this.pending || signal?.aborted) {
      this.pending = false;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', done);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, timeoutMs);
      signal?.addEventListener('abort', done);
      this.waiters.add(done);
    });
  }

  async close(): Promise<void> {
    this.wakeAll();
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private wakeAll(): void {
    if (this.waiters.size === 0) this.pending = true;
    for (const waiter of [...this.waiters]) waiter();
  }
}
