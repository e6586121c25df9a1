import type { StoredPaymentEvent } from '../payment/fold-payment';
import type { RefundEvent } from './refund.messages';
import type { RefundState } from './refund.state';
import { evolve } from './refund.evolve';

/**
 * A refund's state from its stream, `none` for an empty one: like foldPayment, the one place a stored
 * event is taken for the refund decider's own (only that decider writes `refund-<id>` streams).
 */
export function foldRefund(history: readonly StoredPaymentEvent[]): RefundState {
  return history.reduce<RefundState>((state, e) => evolve(state, { type: e.type, data: e.data } as RefundEvent), { status: 'none' });
}
