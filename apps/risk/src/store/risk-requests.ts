import type { Pool } from 'pg';
import { money, type CurrencyCode, type PriorRequest } from '@pl/domain';

export interface RecordedRequest extends PriorRequest {
  readonly payerId: string;
  readonly currency: CurrencyCode;
}

interface PriorRow {
  payment_id: string;
  payee_id: string;
  amount_minor: string;
  currency: string;
  order_reference: string;
  requested_at: Date;
}

/** The payers' requests as risk saw them arrive: the velocity and duplicate rules' memory. */
export class RiskRequests {
  constructor(private readonly pool: Pool) {}

  /**
   * Records the request (a redelivery changes nothing) and returns the payer's requests that
   * arrived before it, requested within `windowMs` either side of it. A per-payer advisory lock
   * orders one payer's arrivals, so two concurrent requests can never both miss each other.
   */
  async recordAndReadPrior(request: RecordedRequest, windowMs: number): Promise<PriorRequest[]> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      await client.query("SELECT pg_advisory_xact_lock(hashtext('risk_requests'), hashtext($1))", [request.payerId]);
      await client.query(
        `INSERT INTO risk_requests (payment_id, payer_id, payee_id, amount_minor, currency, order_reference, requested_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (payment_id) DO NOTHING`,
        [request.paymentId, request.payerId, request.payeeId, request.amount.amountMinor.toString(), request.currency, request.orderReference, request.requestedAt],
      );
      const { rows } = await client.query<PriorRow>(
        `SELECT p.payment_id, p.payee_id, p.amount_minor::text AS amount_minor, p.currency, p.order_reference, p.requested_at
           FROM risk_requests p, risk_requests me
          WHERE me.payment_id = $1 AND p.payer_id = me.payer_id AND p.seq < me.seq
            AND p.requested_at BETWEEN me.requested_at - make_interval(secs => $2::double precision / 1000)
                                   AND me.requested_at + make_interval(secs => $2::double precision / 1000)
          ORDER BY p.seq`,
        [request.paymentId, windowMs],
      );
      await client.query('COMMIT');
      return rows.map((r) => ({
        paymentId: r.payment_id,
        payeeId: r.payee_id,
        amount: money(BigInt(r.amount_minor), r.currency),
        orderReference: r.order_reference,
        requestedAt: r.requested_at.toISOString(),
      }));
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}
