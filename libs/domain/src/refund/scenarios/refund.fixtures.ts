import type { RecordApproval, RefundEvent, RequestRefund } from '../refund.messages';

/** A refund of 600,000.00 CNY (above the 500,000.00 threshold) requested by clerk-1. */
export const refundId = 'b2e0c2d4-0000-4000-8000-000000000001';
export const paymentId = '6f1c1b8e-2d7a-4b55-9d8e-0c2f4a1b9e01';
const at = (minute: number): string => `2026-11-23T09:${String(minute).padStart(2, '0')}:00.000Z`;

export const requestRefund = (d: Partial<RequestRefund['data']> = {}): RequestRefund => ({
  type: 'RequestRefund',
  data: {
    refundId,
    paymentId,
    amountMinor: 60_000_000n,
    currency: 'CNY',
    channel: 'ICBC',
    reason: 'goods returned',
    requestedBy: 'clerk-1',
    idempotencyKey: 'rk-1',
    requestedAt: at(0),
    approvalThresholdMinor: 50_000_000n,
    ...d,
  },
});

export const approval = (approverId: string, d: Partial<RecordApproval['data']> = {}): RecordApproval => ({
  type: 'RecordApproval',
  data: { refundId, approverId, decision: 'approve', note: 'checked the return', ip: '10.0.0.7', decidedAt: at(5), ...d },
});

export const requested = (d: Partial<Extract<RefundEvent, { type: 'RefundRequested' }>['data']> = {}): RefundEvent => ({
  type: 'RefundRequested',
  data: {
    refundId,
    paymentId,
    amountMinor: '60000000',
    currency: 'CNY',
    channel: 'ICBC',
    reason: 'goods returned',
    requestedBy: 'clerk-1',
    idempotencyKey: 'rk-1',
    requestedAt: at(0),
    approvalsRequired: 2,
    ...d,
  },
});

export const recorded = (approverId: string, decision: 'approve' | 'reject' = 'approve'): RefundEvent => ({
  type: 'RefundApprovalRecorded',
  data: { refundId, approverId, decision, note: 'checked the return', ip: '10.0.0.7', decidedAt: at(5) },
});

export const at5 = at(5);
export const at0 = at(0);
