import type { ExpirePayment, FailPayment, PaymentEvent, SubmitToBank } from '../payment.messages';
import type { PaymentState } from '../payment.state';
import { conflict, existing, illegalTransition, refuseIfTerminal, requireAttempt } from './guards';

/**
 * At most one submission per routing attempt: a bank must never see two requests for one attempt
 * (that is how double charges happen). The identical submission again is a no-op.
 */
export function submitToBank(command: SubmitToBank, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  const done = 'submission' in s ? s.submission : null;
  if (done && done.attempt === c.attempt) {
    const same = done.channel === c.channel && done.bankRequestId === c.bankRequestId && done.submittedAt === c.submittedAt;
    if (same) return [];
    conflict('submission_conflict', s, `attempt ${c.attempt} was already submitted as ${done.bankRequestId}`);
  }
  refuseIfTerminal(s, command.type);
  if (s.status !== 'routed') illegalTransition(s, command.type);
  requireAttempt(s, s.route.attempt, c.attempt);
  if (c.channel !== s.route.channel) conflict('channel_mismatch', s, `attempt ${c.attempt} is routed to ${s.route.channel}, not ${c.channel}`);
  return [
    {
      type: 'PaymentSubmittedToBank',
      data: { paymentId: c.paymentId, channel: c.channel, attempt: c.attempt, bankRequestId: c.bankRequestId, submittedAt: c.submittedAt },
    },
  ];
}

/** One attempt failed technically (not a decline): the payment may be rerouted or expire. */
export function failPayment(command: FailPayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if (s.status === 'failed' && s.failure.attempt === c.attempt) return [];
  refuseIfTerminal(s, command.type);
  if (s.status !== 'routed' && s.status !== 'submitted') illegalTransition(s, command.type);
  requireAttempt(s, s.route.attempt, c.attempt);
  return [
    {
      type: 'PaymentFailed',
      data: { paymentId: c.paymentId, channel: s.route.channel, attempt: c.attempt, reason: c.reason, failedAt: c.failedAt },
    },
  ];
}

/**
 * A payment not yet at a bank may expire. Once submitted it may not: a late callback or a status
 * query decides its fate, never an assumed failure; an authorized payment must settle.
 */
export function expirePayment(command: ExpirePayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if (s.status === 'expired') return [];
  refuseIfTerminal(s, command.type);
  switch (s.status) {
    case 'requested':
    case 'under_review':
    case 'approved':
    case 'routed':
    case 'failed':
      return [{ type: 'PaymentExpired', data: { paymentId: c.paymentId, expiredAt: c.expiredAt } }];
    case 'submitted':
    case 'authorized':
      return conflict('payment_in_flight', s, `a ${s.status} payment cannot expire: the bank decides its outcome`);
    case 'rejected':
    case 'settled':
    case 'declined':
      return illegalTransition(s, command.type);
    default: {
      const _never: never = s;
      return _never;
    }
  }
}
