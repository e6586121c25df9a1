import { assertNever } from '../shared/messages';
import { money } from '../money';
import type { PaymentEvent } from './payment.messages';
import { EMPTY_REFUND_BOOK, type PaymentState } from './payment.state';
import { applyRefund } from './refund-book';

/**
 * Folds one event into the state. Events are facts that `decide` already validated, so evolve
 * only moves between statuses; an event that does not fit the state it meets (impossible through
 * `decide`) leaves the state unchanged rather than inventing fields it never learnt.
 */
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
    case 'PaymentRiskAssessed': {
      if (state.status !== 'requested' && state.status !== 'under_review') return state;
      const { paymentId: _id, ...risk } = event.data;
      const status = risk.decision === 'approve' ? 'approved' : risk.decision === 'reject' ? 'rejected' : 'under_review';
      return { ...state, status, risk };
    }
    case 'PaymentRouted': {
      if (state.status !== 'approved' && state.status !== 'failed') return state;
      const d = event.data;
      const route = { channel: d.channel, quotedFee: money(BigInt(d.quotedFeeMinor), state.amount.currency), why: d.why, routedAt: d.routedAt, attempt: d.attempt };
      // A reroute leaves the failed attempt behind: the new status knows only its own attempt.
      const { paymentId, amount, payerId, payeeId, method, orderReference, idempotencyKey, requestedAt, risk } = state;
      return { status: 'routed', paymentId, amount, payerId, payeeId, method, orderReference, idempotencyKey, requestedAt, risk, route };
    }
    case 'PaymentSubmittedToBank': {
      if (state.status !== 'routed') return state;
      const { paymentId: _id, ...submission } = event.data;
      return { ...state, status: 'submitted', submission };
    }
    case 'PaymentAuthorized': {
      if (state.status !== 'submitted') return state;
      const d = event.data;
      return { ...state, status: 'authorized', authorization: { bankReference: d.bankReference, authorizedAt: d.authorizedAt } };
    }
    case 'PaymentSettled': {
      if (state.status !== 'authorized') return state;
      const d = event.data;
      const settlement = {
        settledAmount: money(BigInt(d.settledAmountMinor), d.currency),
        fee: money(BigInt(d.feeMinor), d.currency),
        settledAt: d.settledAt,
      };
      return { ...state, status: 'settled', settlement, refunds: EMPTY_REFUND_BOOK };
    }
    case 'PaymentDeclined': {
      if (state.status !== 'submitted') return state;
      const d = event.data;
      return { ...state, status: 'declined', decline: { reason: d.reason, code: d.code, declinedAt: d.declinedAt } };
    }
    case 'PaymentFailed': {
      if (state.status !== 'routed' && state.status !== 'submitted') return state;
      const d = event.data;
      const submission = state.status === 'submitted' ? state.submission : null;
      return { ...state, status: 'failed', submission, failure: { attempt: d.attempt, reason: d.reason, failedAt: d.failedAt } };
    }
    case 'PaymentExpired': {
      if (state.status === 'none') return state;
      const { paymentId, amount, payerId, payeeId, method, orderReference, idempotencyKey, requestedAt } = state;
      return {
        status: 'expired',
        expiredAt: event.data.expiredAt,
        expiredFrom: state.status,
        paymentId,
        amount,
        payerId,
        payeeId,
        method,
        orderReference,
        idempotencyKey,
        requestedAt,
      };
    }
    case 'PaymentRefundReserved':
    case 'PaymentRefundReleased':
    case 'PaymentRefunded':
      // Refunds change only the settled payment's book: its status stays settled.
      return state.status === 'settled' ? { ...state, refunds: applyRefund(state.refunds, event) } : state;
    default:
      return assertNever(event);
  }
}
