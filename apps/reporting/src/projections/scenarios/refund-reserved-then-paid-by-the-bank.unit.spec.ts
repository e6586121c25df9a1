import { at, foldRows, recorded, refunded, reserved, settledHistory } from './payment-stream.fixtures';

const paymentId = '0b6f1c1e-0000-4000-8000-000000000001';
const refundId = 'a1f0c2d4-0000-4000-8000-000000000001';

describe('a refund reserved, then paid by the bank', () => {
  it('given a settled payment, when 50.00 is reserved, then it is pending and the row says so', () => {
    const { payment, refunds } = foldRows(recorded(paymentId, [...settledHistory(paymentId), reserved(paymentId, refundId, '5000')]));
    expect(payment).toMatchObject({ status: 'settled', refundedMinor: '0', refundPendingMinor: '5000', version: '6' });
    expect(refunds).toEqual([
      expect.objectContaining({
        refundId,
        paymentId,
        amountMinor: '5000',
        channel: 'WECHAT',
        status: 'pending',
        releaseReason: null,
        bankRefundId: null,
        reservedAt: new Date(at(10)),
        resolvedAt: null,
        reservedRevision: '6',
        version: '6',
      }),
    ]);
  });

  it('when the bank pays it, then the amount moves from pending to refunded and the refund is resolved', () => {
    const events = recorded(paymentId, [...settledHistory(paymentId), reserved(paymentId, refundId, '5000'), refunded(paymentId, refundId, '5000', 25)]);
    const { payment, refunds } = foldRows(events);
    expect(payment).toMatchObject({ status: 'settled', refundedMinor: '5000', refundPendingMinor: '0', version: '7', lastEventId: events[7]!.eventId });
    expect(refunds).toEqual([
      expect.objectContaining({ status: 'refunded', bankRefundId: 'WX-RF-a1f0c2d4', resolvedAt: new Date(at(25)), reservedRevision: '6', version: '7', lastEventId: events[7]!.eventId }),
    ]);
  });
});
