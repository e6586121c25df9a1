import type { Pool } from 'pg';
import { NOTIFY_CHANNEL } from './schema';

/** The least time between the starts of two notifications. */
const SPACING_MS = 20;

/**
 * Wakes subscribers (wakeup.ts) after appends commit, outside the appending transactions.
 *
 * Why not NOTIFY inside the append: PostgreSQL makes a notifying transaction take a database-wide
 * lock from before its commit record until the commit is flushed, so concurrent appends would
 * commit one fsync at a time instead of sharing one (group commit). A separate NOTIFY after the
 * COMMIT holds that lock only briefly and flushes nothing.
 *
 * Coalesced: at most one NOTIFY in flight; appends that commit meanwhile ask for one more, sent
 * when it returns and at least SPACING_MS after the previous one started, so every commit is
 * followed by a notification sent after it (the first of a quiet spell at once), and a busy store
 * sends at most 50 a second. A notification costs the server far more than its statement suggests
 * (the notifying commit takes a database-wide lock and writes the notification queue; measured in
 * docs/benchmarks.md, "Fourth pass"), and over Kafka every service process has a notifier of its
 * own. The price: a busy subscriber reads again at most 20 ms later, and it reads everything new on
 * each wake-up. Subscribers only need to know that something new may be visible (the payload is
 * not read). A notification lost to an error only delays subscribers until their polling interval.
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
        const sent = Date.now();
        await this.pool.query('SELECT pg_notify($1, $2)', [NOTIFY_CHANNEL, '']).catch(() => undefined);
        // Under load, at most one notification per SPACING_MS: subscribers read everything new on
        // each wake-up anyway, and every notification costs the database (see above).
        const wait = SPACING_MS - (Date.now() - sent);
        if (this.again && wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
      } while (this.again);
    } finally {
      this.inFlight = undefined;
    }
  }
}
