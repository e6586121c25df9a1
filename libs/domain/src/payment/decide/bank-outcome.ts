import { DomainError } from '../../shared/messages';
import type { AuthorizePayment, DeclinePayment, PaymentEvent, SettlePayment } from '../payment.messages';
import type { PaymentState } from '../payment.state';
import { conflict, existing, illegalTransition, refuseIfTerminal } from './guards';

/**
 * Bank callbacks arrive at least once and sometimes twice: the same outcome again returns [],
 * a contradicting one (another bank reference, another amount) is refused as a conflict.
 */
export function authorizePayment(command: AuthorizePayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if ('authorization' in s) {
    if (s.authorization.bankReference === c.bankReference) return [];
    conflict('authorization_conflict', s, `already authorized with bank reference ${s.authorization.bankReference}`);
  }
  refuseIfTerminal(s, command.type);
  if (s.status !== 'submitted') illegalTransition(s, command.type);
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
    if (s.decline.code === c.code) return [];
    conflict('decline_conflict', s, `already declined with code ${s.decline.code}`);
  }
  refuseIfTerminal(s, command.type);
  if (s.status !== 'submitted') illegalTransition(s, command.type);
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
