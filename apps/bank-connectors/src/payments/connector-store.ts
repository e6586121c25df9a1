import { Inject, Injectable, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Pool } from 'pg';
import { CoalescedStatements, prepared } from '@pl/event-store';
import { RUNTIME, type Runtime } from '@pl/runtime';

/** `accepted`: the bank has it, the outcome is awaited. `unknown`: no answer reached us, the bank may or may not have it. */
export type PendingAnswer = 'accepted' | 'unknown';

export interface PendingSubmission {
  readonly orderNo: string;
  readonly paymentId: string;
  readonly attempt: number;
  readonly channel: string;
  readonly answer: PendingAnswer;
  readonly submittedAt: Date;
  readonly nextCheckAt: Date;
  readonly checks: number;
}

/** A refund sent to its bank whose outcome is awaited (`accepted`) or whose answer never came (`unknown`). */
export interface PendingRefund {
  readonly orderNo: string;
  readonly refundId: string;
  readonly channel: string;
  readonly answer: PendingAnswer;
  readonly submittedAt: Date;
  readonly nextCheckAt: Date;
  readonly checks: number;
}

interface PendingRefundRow {
  order_no: string;
  refund_id: string;
  channel: string;
  answer: PendingAnswer;
  submitted_at: Date;
  next_check_at: Date;
  checks: number;
}

const toPendingRefund = (r: PendingRefundRow): PendingRefund => ({
  orderNo: r.order_no,
  refundId: r.refund_id,
  channel: r.channel,
  answer: r.answer,
  submittedAt: r.submitted_at,
  nextCheckAt: r.next_check_at,
  checks: r.checks,
});

export interface RejectedCallback {
  readonly channel: string;
  readonly reason: string;
  readonly receivedAt: Date;
  readonly bodySha256: string;
}

interface PendingRow {
  order_no: string;
  payment_id: string;
  attempt: number;
  channel: string;
  answer: PendingAnswer;
  submitted_at: Date;
  next_check_at: Date;
  checks: number;
}

const toPending = (r: PendingRow): PendingSubmission => ({
  orderNo: r.order_no,
  paymentId: r.payment_id,
  attempt: r.attempt,
  channel: r.channel,
  answer: r.answer,
  submittedAt: r.submitted_at,
  nextCheckAt: r.next_check_at,
  checks: r.checks,
});

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS connector_pending (
    order_no      text        PRIMARY KEY,
    payment_id    text        NOT NULL,
    attempt       integer     NOT NULL,
    channel       text        NOT NULL,
    answer        text        NOT NULL CHECK (answer IN ('accepted', 'unknown')),
    submitted_at  timestamptz NOT NULL,
    next_check_at timestamptz NOT NULL,
    checks        integer     NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS connector_pending_due ON connector_pending (next_check_at);
  CREATE TABLE IF NOT EXISTS connector_pending_refunds (
    order_no      text        PRIMARY KEY,
    refund_id     text        NOT NULL,
    channel       text        NOT NULL,
    answer        text        NOT NULL CHECK (answer IN ('accepted', 'unknown')),
    submitted_at  timestamptz NOT NULL,
    next_check_at timestamptz NOT NULL,
    checks        integer     NOT NULL DEFAULT 0
  );
  CREATE INDEX IF NOT EXISTS connector_pending_refunds_due ON connector_pending_refunds (next_check_at);
  CREATE TABLE IF NOT EXISTS connector_rejected_callbacks (
    id          bigserial   PRIMARY KEY,
    channel     text        NOT NULL,
    reason      text        NOT NULL,
    received_at timestamptz NOT NULL,
    body_sha256 text        NOT NULL
  );`;

/**
 * The connectors' own operational tables (not read models): submissions and refunds whose outcome
 * is still awaited, and callbacks refused for their signature (for the security team to look at).
 */
@Injectable()
export class ConnectorStore implements OnModuleInit, OnApplicationShutdown {
  private readonly pool: Pool;

  constructor(@Inject(RUNTIME) runtime: Runtime) {
    this.pool = new Pool({ connectionString: runtime.databaseUrl, max: 4 });
    // An idle connection closed by the server is replaced on the next query; unhandled, it would crash the process.
    this.pool.on('error', () => undefined);
  }

  // Each runs once per payment; under load the bank's answers and callbacks come in bunches.
  private readonly upserts = new CoalescedStatements<Omit<PendingSubmission, 'checks'>>((calls) => this.writePending(calls));
  private readonly removals = new CoalescedStatements<string>((orderNos) => this.deletePending(orderNos));

  async onModuleInit(): Promise<void> {
    const client = await this.pool.connect();
    try {
      // Replicas starting together would race on CREATE ... IF NOT EXISTS; the lock serialises them.
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('bank-connectors schema'))");
      await client.query(SCHEMA);
      await client.query('COMMIT');
    } catch (error) {
      await client.query('ROLLBACK');
      throw error;
    } finally {
      client.release();
    }
  }

  /**
   * Never downgrades: once the bank said it has the order, a later missing answer does not make it
   * unknown. Resolves once the row is written; upserts made while others are on their way share one
   * statement (CoalescedStatements).
   */
  upsertPending(p: Omit<PendingSubmission, 'checks'>): Promise<void> {
    return this.upserts.call(p);
  }

  private async writePending(calls: readonly Omit<PendingSubmission, 'checks'>[]): Promise<void[]> {
    // One row per order (a statement cannot update a row twice), merged as the upserts one after
    // another would leave it: accepted if any says so, the earliest next check.
    const byOrder = new Map<string, Omit<PendingSubmission, 'checks'>>();
    for (const p of calls) {
      const seen = byOrder.get(p.orderNo);
      byOrder.set(
        p.orderNo,
        seen === undefined
          ? p
          : { ...seen, answer: seen.answer === 'accepted' || p.answer === 'accepted' ? 'accepted' : 'unknown', nextCheckAt: seen.nextCheckAt <= p.nextCheckAt ? seen.nextCheckAt : p.nextCheckAt },
      );
    }
    const rows = [...byOrder.values()];
    // Prepared (planned once per connection), as is the removal: one of each runs for nearly every payment.
    await this.pool.query(
      prepared(
        `INSERT INTO connector_pending AS p (order_no, payment_id, attempt, channel, answer, submitted_at, next_check_at)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::timestamptz[])
         ON CONFLICT (order_no) DO UPDATE SET
           answer = CASE WHEN p.answer = 'accepted' THEN 'accepted' ELSE EXCLUDED.answer END,
           next_check_at = LEAST(p.next_check_at, EXCLUDED.next_check_at)`,
        [rows.map((p) => p.orderNo), rows.map((p) => p.paymentId), rows.map((p) => p.attempt), rows.map((p) => p.channel), rows.map((p) => p.answer), rows.map((p) => p.submittedAt), rows.map((p) => p.nextCheckAt)],
      ),
    );
    return calls.map(() => undefined);
  }

  private async deletePending(orderNos: readonly string[]): Promise<void[]> {
    await this.pool.query(prepared('DELETE FROM connector_pending WHERE order_no = ANY($1::text[])', [orderNos]));
    return orderNos.map(() => undefined);
  }

  async duePending(now: Date, limit: number): Promise<PendingSubmission[]> {
    const { rows } = await this.pool.query<PendingRow>(
      'SELECT * FROM connector_pending WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2',
      [now, limit],
    );
    return rows.map(toPending);
  }

  async reschedule(orderNo: string, nextCheckAt: Date): Promise<void> {
    await this.pool.query('UPDATE connector_pending SET next_check_at = $2, checks = checks + 1 WHERE order_no = $1', [orderNo, nextCheckAt]);
  }

  /** Resolves once the row is gone; removals made while others are on their way share one statement. */
  removePending(orderNo: string): Promise<void> {
    return this.removals.call(orderNo);
  }

  async pending(orderNo: string): Promise<PendingSubmission | undefined> {
    const { rows } = await this.pool.query<PendingRow>('SELECT * FROM connector_pending WHERE order_no = $1', [orderNo]);
    return rows[0] ? toPending(rows[0]) : undefined;
  }

  /**
   * Every send of a refund records when to ask next. A repeat counts as a check (the poller's resends
   * end after a few) and, like payments, never downgrades `accepted` to `unknown`.
   */
  async upsertPendingRefund(p: Omit<PendingRefund, 'checks'>): Promise<void> {
    await this.pool.query(
      `INSERT INTO connector_pending_refunds AS p (order_no, refund_id, channel, answer, submitted_at, next_check_at)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (order_no) DO UPDATE SET
         answer = CASE WHEN p.answer = 'accepted' THEN 'accepted' ELSE EXCLUDED.answer END,
         next_check_at = EXCLUDED.next_check_at,
         checks = p.checks + 1`,
      [p.orderNo, p.refundId, p.channel, p.answer, p.submittedAt, p.nextCheckAt],
    );
  }

  async duePendingRefunds(now: Date, limit: number): Promise<PendingRefund[]> {
    const { rows } = await this.pool.query<PendingRefundRow>(
      'SELECT * FROM connector_pending_refunds WHERE next_check_at <= $1 ORDER BY next_check_at LIMIT $2',
      [now, limit],
    );
    return rows.map(toPendingRefund);
  }

  async reschedulePendingRefund(orderNo: string, nextCheckAt: Date): Promise<void> {
    await this.pool.query('UPDATE connector_pending_refunds SET next_check_at = $2, checks = checks + 1 WHERE order_no = $1', [orderNo, nextCheckAt]);
  }

  async removePendingRefund(orderNo: string): Promise<void> {
    await this.pool.query('DELETE FROM connector_pending_refunds WHERE order_no = $1', [orderNo]);
  }

  async pendingRefund(orderNo: string): Promise<PendingRefund | undefined> {
    const { rows } = await this.pool.query<PendingRefundRow>('SELECT * FROM connector_pending_refunds WHERE order_no = $1', [orderNo]);
    return rows[0] ? toPendingRefund(rows[0]) : undefined;
  }

  async recordRejectedCallback(r: RejectedCallback): Promise<void> {
    await this.pool.query('INSERT INTO connector_rejected_callbacks (channel, reason, received_at, body_sha256) VALUES ($1, $2, $3, $4)', [
      r.channel,
      r.reason,
      r.receivedAt,
      r.bodySha256,
    ]);
  }

  async rejectedCallbacks(): Promise<RejectedCallback[]> {
    const { rows } = await this.pool.query<{ channel: string; reason: string; received_at: Date; body_sha256: string }>(
      'SELECT channel, reason, received_at, body_sha256 FROM connector_rejected_callbacks ORDER BY id',
    );
    return rows.map((r) => ({ channel: r.channel, reason: r.reason, receivedAt: r.received_at, bodySha256: r.body_sha256 }));
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end();
  }
}
