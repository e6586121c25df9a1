import type { PaymentEvent, RefundReservationEvent } from '@pl/domain';
import { deterministicUuid, type RecordedEvent } from '@pl/event-store';
import type { PaymentRefundView } from '../../read-model/payment-refund-view.entity';
import type { PaymentView } from '../../read-model/payment-view.entity';
import { applyPaymentEvent } from '../payment-projection';
import { applyRefundEvent, refundEventFor } from '../refund-projection';

/** Streams of one 125.50 CNY payment as the store records them, for the read-model fold's tests. */
export const at = (minute: number): string => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;

export function settledHistory(paymentId: string, amountMinor = '12550'): PaymentEvent[] {
  const ref = { paymentId, channel: 'WECHAT' };
  return [
    {
      type: 'PaymentRequested',
      data: {
        paymentId,
        amountMinor,
        currency: 'CNY',
        payerId: 'cust-42',
        payeeId: 'merchant-7',
        method: { type: 'wallet', token: 'tok_wallet_1', masked: 'wx***01' },
        orderReference: 'ERP-1',
        metadata: {},
        idempotencyKey: `key-${paymentId}`,
        requestedAt: at(0),
      },
    },
    { type: 'PaymentRiskAssessed', data: { paymentId, decision: 'approve', score: 10, reasons: [], assessedAt: at(1) } },
    { type: 'PaymentRouted', data: { ...ref, quotedFeeMinor: '48', why: [], routedAt: at(2), attempt: 1 } },
    { type: 'PaymentSubmittedToBank', data: { ...ref, attempt: 1, bankRequestId: 'req-1', submittedAt: at(3) } },
    { type: 'PaymentAuthorized', data: { ...ref, attempt: 1, bankReference: 'WX-1', amountMinor, currency: 'CNY', payeeId: 'merchant-7', authorizedAt: at(4) } },
    { type: 'PaymentSettled', data: { ...ref, payeeId: 'merchant-7', currency: 'CNY', amountMinor, settledAmountMinor: String(BigInt(amountMinor) - 48n), feeMinor: '48', settledAt: at(5) } },
  ];
}

export const reserved = (paymentId: string, refundId: string, amountMinor: string, minute = 10): RefundReservationEvent => ({
  type: 'PaymentRefundReserved',
  data: { paymentId, refundId, amountMinor, currency: 'CNY', channel: 'WECHAT', reservedAt: at(minute) },
});
export const released = (paymentId: string, refundId: string, amountMinor: string, minute = 20): RefundReservationEvent => ({
  type: 'PaymentRefundReleased',
  data: { paymentId, refundId, amountMinor, currency: 'CNY', reason: 'rejected by approver', releasedAt: at(minute) },
});
export const refunded = (paymentId: string, refundId: string, amountMinor: string, minute = 20): RefundReservationEvent => ({
  type: 'PaymentRefunded',
  data: { paymentId, refundId, amountMinor, currency: 'CNY', channel: 'WECHAT', payeeId: 'merchant-7', bankRefundId: `WX-RF-${refundId.slice(0, 8)}`, refundedAt: at(minute) },
});

/** The events as recorded on `payment-<id>` from revision 0, with ids derived from the revision. */
export function recorded(paymentId: string, events: readonly PaymentEvent[]): RecordedEvent[] {
  return events.map((e, i) => ({
    eventId: deterministicUuid(`${paymentId}:${i}`),
    type: e.type,
    data: e.data,
    metadata: { schemaVersion: 1, correlationId: paymentId, causationId: 'test', actor: 'test', occurredAt: at(30 + i), prevHash: '', hash: '' },
    streamId: `payment-${paymentId}`,
    revision: BigInt(i),
    position: { commit: BigInt(i), prepare: 0n },
    recordedAt: new Date(at(30 + i)),
  }));
}

/** The read-model fold over a whole stream, with maps standing in for the tables (the projector's job). */
export function foldRows(events: readonly RecordedEvent[]): { payment: PaymentView | null; refunds: PaymentRefundView[] } {
  let payment: PaymentView | null = null;
  const refunds = new Map<string, PaymentRefundView>();
  for (const event of events) {
    const refund = refundEventFor(payment, event);
    const row = refund ? applyRefundEvent(refunds.get(refund.data.refundId) ?? null, refund, event) : null;
    if (row) refunds.set(row.refundId, row);
    payment = applyPaymentEvent(payment, event);
  }
  return { payment, refunds: [...refunds.values()].sort((a, b) => Number(BigInt(a.reservedRevision) - BigInt(b.reservedRevision))) };
}
