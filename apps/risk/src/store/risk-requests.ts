import type { Pool } from 'pg';
import { money, type CurrencyCode, type PriorRequest } from '@pl/domain';
import { CoalescedStatements, prepared } from '@pl/event-store';

export interface RecordedRequest extends PriorRequest {
  readonly payerId: string;
  readonly currency: CurrencyCode;
}

/** One earlier request as risk_record_and_read_many returns it (JSON: the amount a digit string, the time ISO 8601). */
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
  /** Listed by anything other than this payment itself: a redelivery is judged by its first facts. */
  readonly payerListed: boolean;
}

/** The payers' requests as risk saw them arrive: the velocity and duplicate rules' memory. */
export class RiskRequests {
  // One per payment, and the relay hands risk its PaymentRequested events in bunches.
  private readonly calls = new CoalescedStatements<{ request: RecordedRequest; windowMs: number }, PayerFacts>((calls) => this.recordAndReadAll(calls));

  constructor(private readonly pool: Pool) {}

  /**
   * Records the request (a redelivery changes nothing) and returns the payer's requests that
   * arrived before it, requested within `windowMs` either side of it, and whether the payer is
   * listed by anything but this payment. A per-payer advisory lock orders one payer's arrivals, so
   * two concurrent requests can never both miss each other. Requests recorded while others are on
   * their way go together, in one statement, each judged against those before it.
   */
  recordAndRead(request: RecordedRequest, windowMs: number): Promise<PayerFacts> {
    return this.calls.call({ request, windowMs });
  }

  private async recordAndReadAll(calls: readonly { request: RecordedRequest; windowMs: number }[]): Promise<PayerFacts[]> {
    // risk_record_and_read_many (risk-schema.ts): the payers' locks, the inserts and the reads in one
    // statement, for one request or a bunch. Prepared: planned once per connection, not once per payment.
    const { rows } = await this.pool.query<FactsRow & { i: number }>(
      prepared('SELECT * FROM risk_record_and_read_many($1::text[], $2::text[], $3::text[], $4::numeric[], $5::text[], $6::text[], $7::timestamptz[], $8::float8[])', [
        calls.map((c) => c.request.paymentId),
        calls.map((c) => c.request.payerId),
        calls.map((c) => c.request.payeeId),
        calls.map((c) => c.request.amount.amountMinor.toString()),
        calls.map((c) => c.request.currency),
        calls.map((c) => c.request.orderReference),
        calls.map((c) => c.request.requestedAt),
        calls.map((c) => c.windowMs),
      ]),
    );
    const byIndex = new Map(rows.map((r) => [r.i, r]));
    return calls.map((c, k) => {
      const row = byIndex.get(k + 1);
      if (!row) throw new Error(`risk_record_and_read_many returned no row for payment ${c.request.paymentId}`);
      return toFacts(row);
    });
  }
}

interface FactsRow {
  payer_listed: boolean;
  prior: PriorJson[];
}

function toFacts(row: FactsRow): PayerFacts {
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
