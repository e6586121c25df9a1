import { DomainError } from '../../shared/messages';
import type { AuthorizePayment, DeclinePayment, PaymentEvent, SettlePayment } from '../payment.messages';
import type { PaymentState } from '../payment.state';
import { conflict, existing, illegalTransition, refuseIfTerminal, requireAttempt } from './guards';

/**
 * Bank callbacks arrive at least once and sometimes twice: the same outcome again returns [],
 * a contradicting one (another bank reference, another attempt) is refused as a conflict. An
 * outcome is for the attempt it names: for any other (a reroute came in between) it is refused
 * with `attempt_mismatch`, so attempt 1's answer can never authorize or decline attempt 2.
 */
export function authorizePayment(command: AuthorizePayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if ('authorization' in s) {
    if (s.authorization.bankReference === c.bankReference && s.submission.attempt === c.attempt) return [];
    conflict('authorization_conflict', s, `attempt ${s.submission.attempt} is already authorized with bank reference ${s.authorization.bankReference}`);
  }
  refuseIfTerminal(s, command.type);
  if (s.status !== 'submitted') illegalTransition(s, command.type);
  requireAttempt(s, s.submission.attempt, c.attempt);
  return [
    {
      type: 'PaymentAuthorized',
      data: {
        paymentId: c.paymentId,
        channel: s.submission.channel,
        attempt: s.submission.attempt,
        bankReference: c.bankReference,
        amountMinor: s.amount.amountMinor.toString(),
        currency: s.amount.currency,
        payeeId: s.payeeId,
        authorizedAt: c.authorizedAt,
      },
    },
  ];
}

/** Settlement resolves the authorization once, for exactly the authorized amount: paid out plus fee. */
export function settlePayment(command: SettlePayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if (s.status === 'settled') {
    const t = s.settlement;
    const same = t.settledAmount.amountMinor === c.settledAmountMinor && t.fee.amountMinor === c.feeMinor && t.settledAt === c.settledAt;
    if (same) return [];
    conflict('settlement_conflict', s, `already settled at ${t.settledAt}`);
  }
  refuseIfTerminal(s, command.type);
  if (s.status !== 'authorized') illegalTransition(s, command.type);
  if (c.settledAmountMinor < 0n || c.feeMinor < 0n || c.settledAmountMinor + c.feeMinor !== s.amount.amountMinor) {
    // A short or long payout is a reconciliation case, not a settlement the ledger can post.
    throw new DomainError('settlement_mismatch', 'settled amount plus fee must equal the authorized amount', {
      amountMinor: s.amount.amountMinor.toString(),
      settledAmountMinor: c.settledAmountMinor.toString(),
      feeMinor: c.feeMinor.toString(),
    });
  }
  return [
    {
      type: 'PaymentSettled',
      data: {
        paymentId: c.paymentId,
        channel: s.submission.channel,
        payeeId: s.payeeId,
        currency: s.amount.currency,
        amountMinor: s.amount.amountMinor.toString(),
        settledAmountMinor: c.settledAmountMinor.toString(),
        feeMinor: c.feeMinor.toString(),
        settledAt: c.settledAt,
      },
    },
  ];
}

/** The bank said no (insufficient funds, card blocked): final. Retrying elsewhere is not a fallback. */
export function declinePayment(command: DeclinePayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if (s.status === 'declined') {
    if (s.decline.code === c.code && s.submission.attempt === c.attempt) return [];
    conflict('decline_conflict', s, `attempt ${s.submission.attempt} is already declined with code ${s.decline.code}`);
  }
  refuseIfTerminal(s, command.type);
  if (s.status !== 'submitted') illegalTransition(s, command.type);
  requireAttempt(s, s.submission.attempt, c.attempt);
  return [
    {
      type: 'PaymentDeclined',
      data: {
        paymentId: c.paymentId,
        channel: s.submission.channel,
        attempt: s.submission.attempt,
        reason: c.reason,
        code: c.code,
        declinedAt: c.declinedAt,
      },
    },
  ];
}
