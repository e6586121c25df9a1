import type { Pool } from 'pg';
import { postAsAnErp } from './load';

export interface RefundLoadOptions {
  readonly refundsUrl: string;
  readonly auth: Record<string, string>;
  /** The payments to refund a tenth of, once each is settled. */
  readonly paymentIds: readonly string[];
  readonly pg: Pool;
  readonly run: string;
  readonly random: () => number;
  readonly stopWhen?: () => boolean;
}

export interface RefundLoadResult {
  /** Refund ids a 201 came back for. */
  readonly acknowledged: string[];
  /** Payments that ended without settling (declined, expired): nothing to refund. */
  readonly notSettled: number;
  readonly requests: number;
  readonly refused: Array<{ paymentId: string; status: number; body: unknown }>;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Waits until the payment's stream is settled (true) or ended otherwise (false), reading the log. */
async function settled(pg: Pool, paymentId: string, stopWhen?: () => boolean): Promise<boolean> {
  for (;;) {
    const { rows } = await pg.query<{ type: string }>(
      `SELECT type FROM es_events WHERE stream_id = $1 AND type IN ('PaymentSettled', 'PaymentDeclined', 'PaymentExpired', 'PaymentRiskAssessed')`,
      [`payment-${paymentId}`],
    );
    if (rows.some((r) => r.type === 'PaymentSettled')) return true;
    if (rows.some((r) => r.type === 'PaymentDeclined' || r.type === 'PaymentExpired') || stopWhen?.()) return false;
    await sleep(500);
  }
}

/**
 * The finance side of the ERP: for each given payment, once it is settled, one refund of a tenth
 * of its amount (below the approval threshold, so it goes to the bank without a human), with its
 * own Idempotency-Key, retried like the payments. Eight at a time, while the killer is at work.
 */
export async function runRefunds(o: RefundLoadOptions): Promise<RefundLoadResult> {
  const acknowledged: string[] = [];
  const refused: RefundLoadResult['refused'] = [];
  let notSettled = 0;
  let requests = 0;
  let next = 0;
  const refundOne = async (paymentId: string) => {
    if (!(await settled(o.pg, paymentId, o.stopWhen))) {
      notSettled += 1;
      return;
    }
    const { rows } = await o.pg.query<{ amount: string }>(`SELECT data->>'amountMinor' AS amount FROM es_events WHERE stream_id = $1 AND revision = 0`, [`payment-${paymentId}`]);
    const amount = (BigInt(rows[0]!.amount) / 10n || 1n).toString();
    const answer = await postAsAnErp(`${o.refundsUrl}/v1/payments/${paymentId}/refunds`, { amount, reason: 'chaos run: partial refund' }, { 'idempotency-key': `chaos-refund-${o.run}-${paymentId}`, ...o.auth }, o.random, 300_000, o.stopWhen);
    requests += answer.requests;
    if (answer.status === 201) acknowledged.push((answer.body as { id: string }).id);
    else if (answer.status !== undefined) refused.push({ paymentId, status: answer.status, body: answer.body });
  };
  const worker = async () => {
    while (next < o.paymentIds.length) await refundOne(o.paymentIds[next++]!);
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { acknowledged, notSettled, requests, refused };
}
