import { DomainError, assertNever, type Decider } from '../shared/messages';
import { MAX_AMOUNT_MINOR } from '../money';
import type { PaymentCommand, PaymentEvent, PaymentRequested, RequestPayment } from './payment.messages';
import type { PaymentState } from './payment.state';
import { evolve } from './payment.evolve';
import { assessRisk, routePayment } from './decide/assess-and-route';
import { expirePayment, failPayment, submitToBank } from './decide/submit-and-fail';
import { completeRefund, releaseRefund, reserveRefund } from './decide/refund-reservation';
import { authorizePayment, declinePayment, settlePayment } from './decide/bank-outcome';

function requestPayment(command: RequestPayment, state: PaymentState): PaymentRequested[] {
  const c = command.data;
  if (state.status !== 'none') {
    // The same request again is already satisfied; a different one under this id is a conflict.
    if (state.idempotencyKey === c.idempotencyKey) return [];
    throw new DomainError('payment_exists', `payment ${c.paymentId} already exists`, { paymentId: c.paymentId });
  }
  if (c.amount.amountMinor <= 0n) throw new DomainError('invalid_amount', 'amount must be greater than zero');
  if (c.amount.amountMinor > MAX_AMOUNT_MINOR) {
    throw new DomainError('invalid_amount', `amount must not exceed ${MAX_AMOUNT_MINOR} minor units`);
  }
  return [
    {
      type: 'PaymentRequested',
      data: {
        paymentId: c.paymentId,
        amountMinor: c.amount.amountMinor.toString(),
        currency: c.amount.currency,
        payerId: c.payerId,
        payeeId: c.payeeId,
        method: c.method,
        orderReference: c.orderReference,
        metadata: c.metadata,
        idempotencyKey: c.idempotencyKey,
        requestedAt: c.requestedAt,
      },
    },
  ];
}

/**
 * Pure and deterministic: everything that varies (times, ids, scores, channels, fees) is in the command.
 * The first overload keeps RequestPayment's result precise: intake replays a request through it.
 */
export function decide(command: RequestPayment, state: PaymentState): PaymentRequested[];
export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[];
export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'RequestPayment':
      return requestPayment(command, state);
    case 'AssessRisk':
      return assessRisk(command, state);
    case 'RoutePayment':
      return routePayment(command, state);
    case 'SubmitToBank':
      return submitToBank(command, state);
    case 'AuthorizePayment':
      return authorizePayment(command, state);
    case 'SettlePayment':
      return settlePayment(command, state);
    case 'DeclinePayment':
      return declinePayment(command, state);
    case 'FailPayment':
      return failPayment(command, state);
    case 'ExpirePayment':
      return expirePayment(command, state);
    case 'ReserveRefund':
      return reserveRefund(command, state);
    case 'ReleaseRefund':
      return releaseRefund(command, state);
    case 'CompleteRefund':
      return completeRefund(command, state);
    default: {
      const _never: never = command;
      return assertNever(_never);
    }
  }
}

export { evolve };

export const initialState = (): PaymentState => ({ status: 'none' });

export interface PaymentDecider extends Decider<PaymentState, PaymentCommand, PaymentEvent> {
  decide(command: RequestPayment, state: PaymentState): PaymentRequested[];
  decide(command: PaymentCommand, state: PaymentState): PaymentEvent[];
}

export const paymentDecider: PaymentDecider = { initialState, decide, evolve };
