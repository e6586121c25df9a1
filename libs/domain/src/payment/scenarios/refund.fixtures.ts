import type { CompleteRefund, PaymentEvent, PaymentRefunded, PaymentRefundReleased, PaymentRefundReserved, ReleaseRefund, ReserveRefund } from '../payment.messages';
import { history, paymentId } from './payment.fixtures';

/** Refunds of the 125.50 CNY payment settled at 10:05 on WECHAT; a 30-day window, several refunds allowed. */
export const refundId = 'a1f0c2d4-0000-4000-8000-000000000001';
export const DAY_MS = 24 * 60 * 60 * 1000;
export const multiRefund = { singleRefundOnly: false, windowMs: 30 * DAY_MS } as const;
const at = '2026-11-23T09:00:00.000Z';

export const reserve = (d: Partial<ReserveRefund['data']> = {}): ReserveRefund => ({
  type: 'ReserveRefund',
  data: { paymentId, refundId, amountMinor: 5000n, requestedAt: at, policy: multiRefund, ...d },
});
export const reserved = (d: Partial<PaymentRefundReserved['data']> = {}): PaymentRefundReserved => ({
  type: 'PaymentRefundReserved',
  data: { paymentId, refundId, amountMinor: '5000', currency: 'CNY', channel: 'WECHAT', reservedAt: at, ...d },
});
export const release = (d: Partial<ReleaseRefund['data']> = {}): ReleaseRefund => ({
  type: 'ReleaseRefund',
  data: { paymentId, refundId, reason: 'rejected by approver', releasedAt: at, ...d },
});
export const released = (d: Partial<PaymentRefundReleased['data']> = {}): PaymentRefundReleased => ({
  type: 'PaymentRefundReleased',
  data: { paymentId, refundId, amountMinor: '5000', currency: 'CNY', reason: 'rejected by approver', releasedAt: at, ...d },
});
export const complete = (d: Partial<CompleteRefund['data']> = {}): CompleteRefund => ({
  type: 'CompleteRefund',
  data: { paymentId, refundId, bankRefundId: 'WX-RF-1', refundedAt: at, ...d },
});
export const refunded = (d: Partial<PaymentRefunded['data']> = {}): PaymentRefunded => ({
  type: 'PaymentRefunded',
  data: { paymentId, refundId, amountMinor: '5000', currency: 'CNY', channel: 'WECHAT', payeeId: 'merchant-7', bankRefundId: 'WX-RF-1', refundedAt: at, ...d },
});

export const refundHistory = {
  reserved: [...history.settled, reserved()] as PaymentEvent[],
  released: [...history.settled, reserved(), released()] as PaymentEvent[],
  refunded: [...history.settled, reserved(), refunded()] as PaymentEvent[],
};
