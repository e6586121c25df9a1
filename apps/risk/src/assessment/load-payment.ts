import { paymentDecider, paymentStreamId, type PaymentEvent, type PaymentState } from '@pl/domain';
import type { EventStore } from '@pl/event-store';

/** The payment's current state, folded from its stream (status 'none' when there is no stream). */
export async function loadPayment(store: EventStore, paymentId: string): Promise<PaymentState> {
  const history = await store.readStream(paymentStreamId(paymentId));
  // Stored events are the decider's own (the store cannot prove it; handleCommand makes the same cast).
  return history.reduce((s, r) => paymentDecider.evolve(s, { type: r.type, data: r.data } as PaymentEvent), paymentDecider.initialState());
}
