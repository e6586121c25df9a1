import type { Pool } from 'pg';
import { NOTIFY_CHANNEL } from './schema';

/**
 * Wakes subscribers (wakeup.ts) after appends commit, outside the appending transactions.
 *
 * Why not NOTIFY inside the append: PostgreSQL makes a notifying transaction take a database-wide
 * lock from before its commit record until the commit is flushed, so concurrent appends would
 * commit one fsync at a time instead of sharing one (group commit). A separate NOTIFY after the
 * COMMIT holds that lock only briefly and flushes nothing.
 *
 * Coalesced: at most one NOTIFY in flight; appends that commit meanwhile ask for one more, sent
 * when it returns, so every commit is followed by a notification sent after it. Subscribers only
 * need to know that something new may be visible (the payload is not read). A notification lost
 * to an error only delays subscribers until their polling interval.
 */
export class CommitNotifier {
  private inFlight?: Promise<void>;
  private again = false;

  constructor(private readonly pool: Pool) {}

  /** Called after an append committed; does not wait for the notification. */
  committed(): void {
    if (this.inFlight) {
      this.again = true;
      return;
    }
    this.inFlight = this.send();
  }

  /** Resolves when no notification is in flight (before the pool is closed). */
  async drain(): Promise<void> {
    while (this.inFlight) await this.inFlight;
  }

  private async send(): Promise<void> {
    try {
      do {
        this.again = false;
        await this.pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, '']).catch(() => undefined);
      } while (this.again);
    } finally {
      this.inFlight = undefined;
    }
  }
}
