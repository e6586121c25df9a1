import { at, foldRows, recorded, released, reserved, settledHistory } from './payment-stream.fixtures';

const paymentId = '0b6f1c1e-0000-4000-8000-000000000002';
const refundId = 'a1f0c2d4-0000-4000-8000-000000000002';

describe('a refund reserved, then released (rejected or failed at the bank)', () => {
  it('gives the amount back: nothing refunded, nothing pending, the refund released with its reason', () => {
    const { payment, refunds } = foldRows(
      recorded(paymentId, [...settledHistory(paymentId), reserved(paymentId, refundId, '12550'), released(paymentId, refundId, '12550', 21)]),
    );
    expect(payment).toMatchObject({ status: 'settled', refundedMinor: '0', refundPendingMinor: '0', version: '7' });
    expect(refunds).toEqual([
      expect.objectContaining({ refundId, amountMinor: '12550', status: 'released', releaseReason: 'rejected by approver', bankRefundId: null, resolvedAt: new Date(at(21)) }),
    ]);
  });
});
