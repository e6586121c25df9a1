import type { PaymentEvent } from './payment.messages';
import type { PaymentState } from './payment.state';
import { evolve } from './payment.evolve';

/** What a stored event gives the fold: its type and data (the event store's records fit this). */
export type StoredPaymentEvent = Readonly<{ type: string; data: unknown }>;

/**
 * A payment's state from its stream, `none` for an empty one. The one place a stored event is taken
 * for the decider's own: a store cannot prove the types, and only the payment decider writes here.
 */
export function foldPayment(history: readonly StoredPaymentEvent[]): PaymentState {
  return history.reduce<PaymentState>((state, e) => evolve(state, { type: e.type, data: e.data } as PaymentEvent), { status: 'none' });
}
