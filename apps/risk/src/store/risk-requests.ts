import type { Pool } from 'pg';
import { money, type CurrencyCode, type PriorRequest } from '@pl/domain';
import { prepared } from '@pl/event-store';

export interface RecordedRequest extends PriorRequest {
  readonly payerId: string;
  readonly currency: CurrencyCode;
}

/** One earlier request as risk_record_and_read returns it (JSON: the amount a digit string, the time ISO 8601). */
interface PriorJson {
  payment_id: string;
  payee_id: string;
  amount_minor: string;
  currency: string;
  order_reference: string;
  requested_at: string;
}

/** What an assessment reads besides the payment: the payer's earlier requests and whether the payer is listed. */
export interface PayerFacts {
  readonly priorFromPayer: PriorRequest[];
  /** Listed by anything other than this payment itself (see Blocklist.isListed). */
  readonly payerListed: boolean;
}

/** The payers' requests as risk saw them arrive: the velocity and duplicate rules' memory. */
export class RiskRequests {
  constructor(private readonly pool: Pool) {}

  /**
   * Records the request (a redelivery changes nothing) and returns the payer's requests that
   * arrived before it, requested within `windowMs` either side of it, and whether the payer is
   * listed by anything but this payment. A per-payer advisory lock orders one payer's arrivals, so
   * two concurrent requests can never both miss each other.
   */
  async recordAndRead(request: RecordedRequest, windowMs: number): Promise<PayerFacts> {
    // risk_record_and_read (risk-schema.ts): the payer's lock, the insert and both reads in one statement.
    // Prepared: planned once per connection, not once per payment.
    const { rows } = await this.pool.query<{ payer_listed: boolean; prior: PriorJson[] }>(
      prepared('SELECT * FROM risk_record_and_read($1, $2, $3, $4, $5, $6, $7, $8)', [
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
    const row = rows[0];
    if (!row) throw new Error('risk_record_and_read returned no row');
    return {
      payerListed: row.payer_listed,
      priorFromPayer: row.prior.map((r) => ({
        paymentId: r.payment_id,
        payeeId: r.payee_id,
        amount: money(BigInt(r.amount_minor), r.currency),
        orderReference: r.order_reference,
        requestedAt: new Date(r.requested_at).toISOString(),
      })),
    };
  }
}
