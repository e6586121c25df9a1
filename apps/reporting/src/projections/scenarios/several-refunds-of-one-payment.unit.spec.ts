import { foldRows, recorded, refunded, released, reserved, settledHistory } from './payment-stream.fixtures';

const paymentId = '0b6f1c1e-0000-4000-8000-000000000003';
const [r1, r2, r3] = ['a1f0c2d4-0000-4000-8000-00000000000a', 'a1f0c2d4-0000-4000-8000-00000000000b', 'a1f0c2d4-0000-4000-8000-00000000000c'];

describe('several refunds of one payment', () => {
  it('keeps each refund on its own row, oldest first, and the totals of all of them', () => {
    const { payment, refunds } = foldRows(
      recorded(paymentId, [
        ...settledHistory(paymentId),
        reserved(paymentId, r1, '1000', 10),
        reserved(paymentId, r2, '2000', 11),
        refunded(paymentId, r2, '2000', 12),
        reserved(paymentId, r3, '3000', 13),
        released(paymentId, r1, '1000', 14),
      ]),
    );
    expect(payment).toMatchObject({ refundedMinor: '2000', refundPendingMinor: '3000' });
    expect(refunds.map((r) => [r.refundId, r.amountMinor, r.status])).toEqual([
      [r1, '1000', 'released'],
      [r2, '2000', 'refunded'],
      [r3, '3000', 'pending'],
    ]);
  });

  it('ignores refund events on a payment that is not settled, as the domain does', () => {
    const notSettled = settledHistory(paymentId).slice(0, 5);
    const { payment, refunds } = foldRows(recorded(paymentId, [...notSettled, reserved(paymentId, r1, '1000')]));
    expect(payment).toMatchObject({ status: 'authorized', refundedMinor: '0', refundPendingMinor: '0', version: '5' });
    expect(refunds).toEqual([]);
  });
});
