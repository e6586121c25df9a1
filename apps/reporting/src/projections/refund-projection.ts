import type { PaymentEvent, RefundReservationEvent } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';
import { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import type { PaymentView } from '../read-model/payment-view.entity';

/**
 * Refunds in the read model, folded from the refund events on the payment's stream. Pure like the
 * payment fold: every value comes from the events, so a rebuild reproduces the rows.
 */

/**
 * The event as a refund of this payment, or undefined. As in the domain's evolve, refund events
 * count only on a settled payment (decide never writes them anywhere else).
 */
export function refundEventFor(row: PaymentView | null, event: RecordedEvent): RefundReservationEvent | undefined {
  const known = event as unknown as PaymentEvent;
  if (row?.status !== 'settled') return undefined;
  switch (known.type) {
    case 'PaymentRefundReserved':
    case 'PaymentRefundReleased':
    case 'PaymentRefunded':
      return known;
    case 'PaymentRequested':
    case 'PaymentRiskAssessed':
    case 'PaymentRouted':
    case 'PaymentSubmittedToBank':
    case 'PaymentAuthorized':
    case 'PaymentSettled':
    case 'PaymentDeclined':
    case 'PaymentFailed':
    case 'PaymentExpired':
      return undefined;
    default: {
      // A type this version does not know: not a refund it can show.
      const _never: never = known;
      return undefined;
    }
  }
}

type RefundTotals = Pick<PaymentView, 'refundedMinor' | 'refundPendingMinor'>;
const totals = (refunded: bigint, pending: bigint): RefundTotals => ({ refundedMinor: refunded.toString(), refundPendingMinor: pending.toString() });

/** The payment's refunded and pending amounts after one refund: an amount is pending until the bank pays it or it is released. */
export function refundTotalsAfter(before: RefundTotals, refund: RefundReservationEvent): RefundTotals {
  const amount = BigInt(refund.data.amountMinor);
  const refunded = BigInt(before.refundedMinor);
  const pending = BigInt(before.refundPendingMinor);
  switch (refund.type) {
    case 'PaymentRefundReserved':
      return totals(refunded, pending + amount);
    case 'PaymentRefundReleased':
      return totals(refunded, pending - amount);
    case 'PaymentRefunded':
      return totals(refunded + amount, pending - amount);
    default: {
      const _never: never = refund;
      return _never;
    }
  }
}

/**
 * The refund's row after one of its events. A release or completion of a refund with no row
 * (impossible through decide: both need a reservation) leaves nothing to show and returns null.
 */
export function applyRefundEvent(current: PaymentRefundView | null, refund: RefundReservationEvent, event: RecordedEvent): PaymentRefundView | null {
  const audit = { version: event.revision.toString(), lastEventId: event.eventId };
  const resolve = (outcome: Partial<PaymentRefundView>): PaymentRefundView | null =>
    current ? Object.assign(new PaymentRefundView(), current, outcome, audit) : null;
  switch (refund.type) {
    case 'PaymentRefundReserved': {
      const d = refund.data;
      // A reservation starts the row afresh, as the domain replaces a reservation with the same id.
      return Object.assign(new PaymentRefundView(), {
        refundId: d.refundId,
        paymentId: d.paymentId,
        amountMinor: d.amountMinor,
        currency: d.currency,
        channel: d.channel,
        status: 'pending',
        releaseReason: null,
        bankRefundId: null,
        reservedAt: new Date(d.reservedAt),
        resolvedAt: null,
        reservedRevision: event.revision.toString(),
        ...audit,
      } satisfies PaymentRefundView);
    }
    case 'PaymentRefundReleased':
      return resolve({ status: 'released', releaseReason: refund.data.reason, resolvedAt: new Date(refund.data.releasedAt) });
    case 'PaymentRefunded':
      return resolve({ status: 'refunded', bankRefundId: refund.data.bankRefundId, resolvedAt: new Date(refund.data.refundedAt) });
    default: {
      const _never: never = refund;
      return _never;
    }
  }
}
