import type { Pool } from 'pg';
import { money, type CurrencyCode, type PriorRequest } from '@pl/domain';
import { prepared } from '@pl/event-store';

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
    // risk_record_request (risk-schema.ts): the payer's lock, the insert and the read in one statement.
    // Prepared: planned once per connection, not once per payment.
    const { rows } = await this.pool.query<PriorRow>(
      prepared('SELECT * FROM risk_record_request($1, $2, $3, $4, $5, $6, $7, $8)', [
        request.paymentId,
        request.payerId,
        request.payeeId,
        request.amount.amountMinor.toString(),
        request.currency,
        request.orderReference,
        request.requestedAt,
        windowMs,
      ]),
    );
    return rows.map((r) => ({
      paymentId: r.payment_id,
      payeeId: r.payee_id,
      amount: money(BigInt(r.amount_minor), r.currency),
      orderReference: r.order_reference,
      requestedAt: r.requested_at.toISOString(),
    }));
  }
}
