import { DomainError } from '../../shared/messages';
import { isTerminal, type PaymentState } from '../payment.state';

export type Existing = Exclude<PaymentState, { status: 'none' }>;

/** Every lifecycle command needs a requested payment; nothing can happen to one that does not exist. */
export function existing(state: PaymentState, command: string, paymentId: string): Existing {
  if (state.status === 'none') {
    throw new DomainError('payment_not_found', `${command}: payment ${paymentId} does not exist`, { paymentId, command });
  }
  return state;
}

/**
 * Called after the "already satisfied?" check: a terminal payment accepts repeats of what it has
 * already done (they return []) and refuses everything else.
 */
export function refuseIfTerminal(state: Existing, command: string): void {
  if (isTerminal(state)) {
    throw new DomainError('payment_terminal', `${command}: payment ${state.paymentId} is ${state.status} and accepts no further changes`, {
      paymentId: state.paymentId,
      status: state.status,
      command,
    });
  }
}

export function illegalTransition(state: Existing, command: string): never {
  throw new DomainError('illegal_transition', `${command} is not allowed while payment ${state.paymentId} is ${state.status}`, {
    paymentId: state.paymentId,
    status: state.status,
    command,
  });
}

export function conflict(code: string, state: Existing, message: string): never {
  throw new DomainError(code, `payment ${state.paymentId}: ${message}`, { paymentId: state.paymentId, status: state.status });
}

export function requireAttempt(state: Existing, expected: number, actual: number): void {
  if (expected !== actual) conflict('attempt_mismatch', state, `the current routing attempt is ${expected}, not ${actual}`);
}
