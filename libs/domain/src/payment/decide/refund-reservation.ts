import { DomainError } from '../../shared/messages';
import { divideHalfEven } from '../../money';
import type { CompleteRefund, PaymentEvent, ReleaseRefund, ReserveRefund } from '../payment.messages';
import type { PaymentState, RefundReservation } from '../payment.state';
import { conflict, existing } from './guards';

type Settled = Extract<PaymentState, { status: 'settled' }>;

function settledOnly(state: PaymentState, command: string, paymentId: string): Settled {
  const s = existing(state, command, paymentId);
  if (s.status !== 'settled') {
    throw new DomainError('payment_not_settled', `${command}: payment ${paymentId} is ${s.status}; only a settled payment can be refunded`, {
      paymentId,
      status: s.status,
    });
  }
  return s;
}

const find = (s: Settled, refundId: string): RefundReservation | undefined => s.refunds.reservations.find((r) => r.refundId === refundId);

/**
 * Reserves part of the captured amount for one refund. The same refund again is a no-op; the
 * ceiling is checked against what is reserved and refunded on this very revision of the stream.
 */
export function reserveRefund(command: ReserveRefund, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = settledOnly(state, command.type, c.paymentId);
  const known = find(s, c.refundId);
  if (known) {
    if (known.amountMinor === c.amountMinor) return [];
    conflict('refund_conflict', s, `refund ${c.refundId} was reserved for ${known.amountMinor}, not ${c.amountMinor}`);
  }
  if (c.amountMinor <= 0n) throw new DomainError('invalid_amount', 'refund amount must be greater than zero');
  const settledAt = Date.parse(s.settlement.settledAt);
  if (Date.parse(c.requestedAt) - settledAt > c.policy.windowMs) {
    throw new DomainError('refund_window_closed', `channel ${s.submission.channel} accepts refunds for ${c.policy.windowMs} ms after settlement`, {
      paymentId: c.paymentId,
      settledAt: s.settlement.settledAt,
    });
  }
  // A released refund never happened at the bank, so it does not use up a single-refund channel.
  const live = s.refunds.reservations.filter((r) => r.status !== 'released');
  if (c.policy.singleRefundOnly && live.length > 0) {
    throw new DomainError('single_refund_only', `channel ${s.submission.channel} allows only one refund per payment`, {
      paymentId: c.paymentId,
      channel: s.submission.channel,
    });
  }
  const captured = s.amount.amountMinor;
  const refundable = captured - s.refunds.reservedMinor - s.refunds.refundedMinor;
  if (c.amountMinor > refundable) {
    throw new DomainError('refund_exceeds_captured', `refund of ${c.amountMinor} exceeds the refundable ${refundable} of payment ${c.paymentId}`, {
      paymentId: c.paymentId,
      capturedMinor: captured.toString(),
      refundableMinor: refundable.toString(),
    });
  }
  return [
    {
      type: 'PaymentRefundReserved',
      data: {
        paymentId: c.paymentId,
        refundId: c.refundId,
        amountMinor: c.amountMinor.toString(),
        currency: s.amount.currency,
        channel: s.submission.channel,
        reservedAt: c.requestedAt,
        ...(c.policy.feeOnRefund === 'pro-rata' ? { feeOnRefund: 'pro-rata' as const } : {}),
      },
    },
  ];
}

function reservation(s: Settled, refundId: string): RefundReservation {
  const r = find(s, refundId);
  if (!r) throw new DomainError('refund_not_found', `payment ${s.paymentId} has no refund ${refundId}`, { paymentId: s.paymentId, refundId });
  return r;
}

export function releaseRefund(command: ReleaseRefund, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = settledOnly(state, command.type, c.paymentId);
  const r = reservation(s, c.refundId);
  if (r.status === 'released') return [];
  if (r.status === 'refunded') conflict('refund_already_completed', s, `refund ${c.refundId} was paid by the bank and cannot be released`);
  return [
    {
      type: 'PaymentRefundReleased',
      data: { paymentId: c.paymentId, refundId: c.refundId, amountMinor: r.amountMinor.toString(), currency: s.amount.currency, reason: c.reason, releasedAt: c.releasedAt },
    },
  ];
}

/**
 * The share of the channel's fee it gives back for a refund of `amountMinor`: the fee of everything
 * refunded after it, minus the fee of everything refunded before, each half to even. Partial refunds
 * so add up to the fee of their sum, and a full refund returns the whole fee, never more.
 */
function feeReturned(s: Settled, amountMinor: bigint): bigint {
  const fee = s.settlement.fee.amountMinor;
  const gross = s.amount.amountMinor;
  const before = s.refunds.refundedMinor;
  return divideHalfEven(fee * (before + amountMinor), gross) - divideHalfEven(fee * before, gross);
}

export function completeRefund(command: CompleteRefund, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = settledOnly(state, command.type, c.paymentId);
  const r = reservation(s, c.refundId);
  if (r.status === 'refunded') {
    if (r.bankRefundId === c.bankRefundId) return [];
    conflict('refund_conflict', s, `refund ${c.refundId} was completed with bank refund ${r.bankRefundId ?? ''}`);
  }
  if (r.status === 'released') conflict('refund_released', s, `refund ${c.refundId} was released and cannot complete`);
  return [
    {
      type: 'PaymentRefunded',
      data: {
        paymentId: c.paymentId,
        refundId: c.refundId,
        amountMinor: r.amountMinor.toString(),
        currency: s.amount.currency,
        channel: s.submission.channel,
        payeeId: s.payeeId,
        bankRefundId: c.bankRefundId,
        refundedAt: c.refundedAt,
        ...(r.feeOnRefund === 'pro-rata' ? { feeReturnedMinor: feeReturned(s, r.amountMinor).toString() } : {}),
      },
    },
  ];
}
