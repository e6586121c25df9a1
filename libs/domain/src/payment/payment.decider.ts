import { DomainError, assertNever, type Decider } from '../shared/messages';
import { money, MAX_AMOUNT_MINOR } from '../money';
import type { PaymentCommand, PaymentEvent, RequestPayment } from './payment.messages';
import type { PaymentState } from './payment.state';

function requestPayment(command: RequestPayment, state: PaymentState): PaymentEvent[] {
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

export function decide(command: PaymentCommand, state: PaymentState): PaymentEvent[] {
  switch (command.type) {
    case 'RequestPayment':
      return requestPayment(command, state);
    default: {
      const _never: never = command.type;
      return assertNever(_never);
    }
  }
}

export function evolve(state: PaymentState, event: PaymentEvent): PaymentState {
  switch (event.type) {
    case 'PaymentRequested': {
      const d = event.data;
      return {
        status: 'requested',
        paymentId: d.paymentId,
        amount: money(BigInt(d.amountMinor), d.currency),
        payerId: d.payerId,
        payeeId: d.payeeId,
        method: d.method,
        orderReference: d.orderReference,
        idempotencyKey: d.idempotencyKey,
        requestedAt: d.requestedAt,
      };
    }
    default: {
      const _never: never = event.type;
      return assertNever(_never);
    }
  }
}

export const initialState = (): PaymentState => ({ status: 'none' });

export const paymentDecider: Decider<PaymentState, PaymentCommand, PaymentEvent> = { initialState, decide, evolve };
