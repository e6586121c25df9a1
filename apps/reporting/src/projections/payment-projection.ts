import type { PaymentEvent } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';
import { PaymentView } from '../read-model/payment-view.entity';
import { statusAfter } from './payment-status';
import { refundEventFor, refundTotalsAfter } from './refund-projection';

/**
 * Folds one recorded payment event into its read-model row. Pure: no I/O, no clock (the row's
 * updated_at is the event's own occurredAt), so a rebuild from the log reproduces the live rows.
 * Event types this version does not know still advance the row's version: the row always says
 * which revision it reflects.
 */
export function applyPaymentEvent(row: PaymentView | null, event: RecordedEvent): PaymentView | null {
  const known = event as unknown as PaymentEvent;
  if (known.type === 'PaymentRequested') {
    const d = known.data;
    const view = new PaymentView();
    Object.assign(view, {
      paymentId: d.paymentId,
      streamId: event.streamId,
      status: 'requested',
      amountMinor: d.amountMinor,
      currency: d.currency,
      payerId: d.payerId,
      payeeId: d.payeeId,
      methodType: d.method.type,
      methodMasked: d.method.masked,
      orderReference: d.orderReference,
      refundedMinor: '0',
      refundPendingMinor: '0',
      metadata: { ...d.metadata },
      version: event.revision.toString(),
      lastEventId: event.eventId,
      requestedAt: new Date(d.requestedAt),
      updatedAt: new Date(event.metadata.occurredAt),
    });
    return view;
  }
  if (!row) return null;
  const refund = refundEventFor(row, event);
  return Object.assign(new PaymentView(), row, {
    status: statusAfter(known) ?? row.status,
    ...(refund ? refundTotalsAfter(row, refund) : {}),
    version: event.revision.toString(),
    lastEventId: event.eventId,
    updatedAt: new Date(event.metadata.occurredAt),
  });
}
