import {
  DECLINE_CODES,
  type BankChannel,
  type PaymentOrderStatus,
  type PaymentStatusAnswer,
  type PaymentSubmission,
  type PaymentSubmissionAnswer,
  type RefundOrderStatus,
  type RefundStatusAnswer,
  type RefundSubmission,
  type RefundSubmissionAnswer,
} from '@pl/bank-protocol';
import { ProblemException } from '@pl/service-kit';
import { paymentFingerprint, refundFingerprint, type PaymentRecord, type RefundRecord } from './ledger';
import type { SandboxState } from './sandbox-state';

const keyReused = (what: string) =>
  new ProblemException({ status: 409, type: 'idempotency-key-reused', title: 'Idempotency key reused', detail: `this key was used for a different ${what}` });

/**
 * A payment submission as the bank processes it. A known idempotency key returns the first answer
 * without touching the books, which is the "never charge twice" guarantee the tests count on.
 */
export function submitPayment(state: SandboxState, channel: BankChannel, submission: PaymentSubmission): PaymentSubmissionAnswer {
  const { ledger, behaviours } = state;
  const stats = ledger.statsOf(channel);
  stats.submissions += 1;
  const known = ledger.paymentByKey(channel, submission.idempotencyKey);
  if (known) {
    if (paymentFingerprint(known.submission) !== paymentFingerprint(submission)) throw keyReused('payment');
    stats.duplicatesAbsorbed += 1;
    return known.answer;
  }
  const behaviour = behaviours.get(channel);
  const amount = BigInt(submission.amountMinor);
  const decline = (code: string): PaymentSubmissionAnswer => {
    ledger.recordPayment({ channel, submission, answer: { outcome: 'declined', code } });
    return { outcome: 'declined', code };
  };
  if (behaviour.limitMinor !== null && amount > behaviour.limitMinor) return decline(DECLINE_CODES.limitExceeded);
  if (behaviours.roll(channel, behaviour.declineRate)) return decline(DECLINE_CODES.doNotHonor);

  const bankRequestId = ledger.nextId(channel, 'pay');
  const record: PaymentRecord = {
    channel,
    submission,
    answer: { outcome: 'accepted', bankRequestId },
    accepted: {
      bankRequestId,
      outcome: behaviours.roll(channel, behaviour.asyncFailureRate) ? 'failed' : 'authorized',
      bankReference: ledger.nextId(channel, 'bref'),
      settlesAt: new Date(state.now().getTime() + behaviour.processingMs),
      amountMinor: amount,
      refundedMinor: 0n,
      refunds: 0,
    },
  };
  ledger.recordPayment(record);
  state.callbacks.schedule(record);
  return record.answer;
}

/** What the bank knows now: `pending` until the processing time has passed, then the decided outcome. */
export function paymentStatus(state: SandboxState, channel: BankChannel, bankRequestId: string): PaymentStatusAnswer | undefined {
  const record = state.ledger.paymentById(channel, bankRequestId);
  const accepted = record?.accepted;
  if (!record || !accepted) return undefined;
  const settled = state.now() >= accepted.settlesAt;
  return {
    bankRequestId,
    paymentId: record.submission.paymentId,
    status: settled ? accepted.outcome : 'pending',
    amountMinor: record.submission.amountMinor,
    currency: record.submission.currency,
    refundedMinor: accepted.refundedMinor.toString(),
    bankReference: settled ? accepted.bankReference : null,
  };
}

/**
 * What the bank knows about one of our order numbers (the submission's idempotency key). Undefined
 * only when it never recorded the submission (a 500 records nothing); a sync decline is remembered.
 */
export function paymentOrderStatus(state: SandboxState, channel: BankChannel, merchantOrderNo: string): PaymentOrderStatus | undefined {
  const record = state.ledger.paymentByKey(channel, merchantOrderNo);
  if (!record) return undefined;
  const { paymentId, amountMinor, currency } = record.submission;
  const base = { merchantOrderNo, paymentId, amountMinor, currency };
  if (record.answer.outcome === 'declined') {
    return { ...base, bankRequestId: null, status: 'declined', declineCode: record.answer.code, bankReference: null };
  }
  const status = paymentStatus(state, channel, record.answer.bankRequestId);
  if (!status) return undefined;
  return { ...base, bankRequestId: status.bankRequestId, status: status.status, declineCode: null, bankReference: status.bankReference };
}

/**
 * Refunds go back along the original payment (named by the merchant's order number for it), never
 * above what is left of it. An accepted refund's outcome is decided at acceptance and told by a
 * signed callback after the processing time; a failed one pays nothing back and uses up nothing.
 */
export function submitRefund(state: SandboxState, channel: BankChannel, submission: RefundSubmission): RefundSubmissionAnswer {
  const { ledger, behaviours } = state;
  const known = ledger.refundByKey(channel, submission.idempotencyKey);
  if (known) {
    if (refundFingerprint(known.submission) !== refundFingerprint(submission)) throw keyReused('refund');
    ledger.statsOf(channel).duplicatesAbsorbed += 1;
    return known.answer;
  }
  const decline = (code: string): RefundSubmissionAnswer => {
    ledger.recordRefund({ channel, submission, answer: { outcome: 'declined', code } });
    return { outcome: 'declined', code };
  };
  const paid = ledger.paymentByKey(channel, submission.merchantOrderNo);
  const payment = paid?.accepted;
  if (!paid || !payment) return decline(DECLINE_CODES.unknownPayment);
  if (payment.outcome !== 'authorized' || state.now() < payment.settlesAt) return decline(DECLINE_CODES.refundNotAllowed);
  if (paid.submission.currency !== submission.currency) return decline(DECLINE_CODES.currencyMismatch);
  if (behaviours.get(channel).singleRefundOnly && payment.refunds > 0) return decline(DECLINE_CODES.refundNotAllowed);
  const amount = BigInt(submission.amountMinor);
  if (amount > payment.amountMinor - payment.refundedMinor) return decline(DECLINE_CODES.refundExceedsRemaining);

  // Recording a succeeded refund uses up that much of the payment (SimulatedLedger.recordRefund).
  const outcome = behaviours.roll(channel, behaviours.get(channel).refundFailureRate) ? 'failed' : 'succeeded';
  const bankRefundId = ledger.nextId(channel, 'ref');
  const record: RefundRecord = {
    channel,
    submission,
    answer: { outcome: 'accepted', bankRefundId },
    accepted: { bankRefundId, outcome, settlesAt: new Date(state.now().getTime() + behaviours.get(channel).processingMs) },
  };
  ledger.recordRefund(record);
  state.callbacks.scheduleRefund(record);
  return record.answer;
}

function refundProgress(state: SandboxState, record: RefundRecord): 'pending' | 'succeeded' | 'failed' {
  const accepted = record.accepted;
  if (!accepted) return 'failed';
  return state.now() >= accepted.settlesAt ? accepted.outcome : 'pending';
}

/** A refund by the bank's own id: `pending` until the processing time has passed. */
export function refundStatus(state: SandboxState, channel: BankChannel, bankRefundId: string): RefundStatusAnswer | undefined {
  const record = state.ledger.refundById(channel, bankRefundId);
  if (!record || record.answer.outcome !== 'accepted') return undefined;
  const { refundId, merchantOrderNo, amountMinor, currency } = record.submission;
  return { bankRefundId, refundId, merchantOrderNo, status: refundProgress(state, record), amountMinor, currency };
}

/** A refund by OUR refund order number (its idempotency key). Undefined only when it was never recorded. */
export function refundOrderStatus(state: SandboxState, channel: BankChannel, merchantRefundNo: string): RefundOrderStatus | undefined {
  const record = state.ledger.refundByKey(channel, merchantRefundNo);
  if (!record) return undefined;
  const { refundId, amountMinor, currency } = record.submission;
  const base = { merchantRefundNo, refundId, amountMinor, currency };
  if (record.answer.outcome === 'declined') return { ...base, bankRefundId: null, status: 'declined', declineCode: record.answer.code };
  return { ...base, bankRefundId: record.answer.bankRefundId, status: refundProgress(state, record), declineCode: null };
}
