import { foldPayment, paymentStreamId, type PaymentState } from '@pl/domain';
import type { EventStore } from '@pl/event-store';

/** The payment's current state, folded from its stream (status 'none' when there is no stream). */
export async function loadPayment(store: EventStore, paymentId: string): Promise<PaymentState> {
  return foldPayment(await store.readStream(paymentStreamId(paymentId)));
}
