import { foldPayment, type PaymentEvent, type PaymentRequested, type PaymentState } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';

/** Status changes for the ERP/CRM systems, keyed by payment id; one message per event of the payment. */
export const ERP_PAYMENT_STATUS_TOPIC = 'erp.payment-status';

/**
 * What an upstream system reads back. `version` is the stream revision of the event that made the
 * change (0 for the request, then 1, 2, ... with no gaps): a consumer that sees version n + 2 after n
 * knows it missed one and can fetch the payment (GET /v1/payments/:id, whose ETag is the same number).
 * Delivery is at least once: a version seen before is a duplicate.
 */
export interface ErpPaymentStatus {
  readonly paymentId: string;
  readonly version: number;
  readonly status: PaymentState['status'];
  readonly event: PaymentEvent['type'];
  readonly occurredAt: string;
  /** The key the upstream system sent (HTTP Idempotency-Key or the topic's requestId), and who sent it. */
  readonly idempotencyKey: string;
  readonly requestedBy: string;
  readonly orderReference: string;
  readonly amount: string;
  readonly currency: string;
  /** What the event adds that an ERP acts on: the risk decision, channel, bank reference, decline code, fee. */
  readonly details: Readonly<Record<string, string>>;
}

function details(event: PaymentEvent): Record<string, string> {
  switch (event.type) {
    case 'PaymentRequested':
    case 'PaymentExpired':
      return {};
    case 'PaymentRiskAssessed':
      return { riskDecision: event.data.decision, riskScore: String(event.data.score) };
    case 'PaymentRouted':
      return { channel: event.data.channel, attempt: String(event.data.attempt), quotedFee: event.data.quotedFeeMinor };
    case 'PaymentSubmittedToBank':
      return { channel: event.data.channel, attempt: String(event.data.attempt) };
    case 'PaymentAuthorized':
      return { channel: event.data.channel, bankReference: event.data.bankReference };
    case 'PaymentSettled':
      return { channel: event.data.channel, settledAmount: event.data.settledAmountMinor, fee: event.data.feeMinor };
    case 'PaymentDeclined':
      return { channel: event.data.channel, declineCode: event.data.code, reason: event.data.reason };
    case 'PaymentFailed':
      return { channel: event.data.channel, attempt: String(event.data.attempt), reason: event.data.reason };
    case 'PaymentRefundReserved':
      return { refundId: event.data.refundId, refundAmount: event.data.amountMinor };
    case 'PaymentRefundReleased':
      return { refundId: event.data.refundId, refundAmount: event.data.amountMinor, reason: event.data.reason };
    case 'PaymentRefunded':
      return { refundId: event.data.refundId, refundAmount: event.data.amountMinor, bankRefundId: event.data.bankRefundId };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

/** The status message for `history.at(-1)`, folding the stream up to it (the decider is the authority). */
export function statusMessage(history: readonly RecordedEvent[]): ErpPaymentStatus {
  const first = history[0];
  const last = history.at(-1);
  if (!first || !last || first.type !== 'PaymentRequested') throw new Error('a payment stream starts with PaymentRequested');
  const state = foldPayment(history);
  const requested = (first as unknown as PaymentRequested).data;
  return {
    paymentId: requested.paymentId,
    version: Number(last.revision),
    status: state.status,
    event: (last as unknown as PaymentEvent).type,
    occurredAt: last.metadata.occurredAt,
    idempotencyKey: requested.idempotencyKey,
    requestedBy: first.metadata.actor.replace(/^client:/, ''),
    orderReference: requested.orderReference,
    amount: requested.amountMinor,
    currency: requested.currency,
    details: details(last as unknown as PaymentEvent),
  };
}
