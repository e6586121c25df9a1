import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history } from './payment.fixtures';
import { complete, multiRefund, refunded, reserve, reserved } from './refund.fixtures';

/**
 * A channel that returns its fee on refunds (policy `pro-rata`) gives back the refund's share of the
 * 0.48 fee on the 125.50 payment, half to even on the running total: 50.00 of it returns 0.19
 * (48 × 5000 / 12550 = 19.12), the other 75.50 returns the remaining 0.29, so the whole fee and no more.
 */
const proRata = { ...multiRefund, feeOnRefund: 'pro-rata' } as const;
const second = { refundId: 'a1f0c2d4-0000-4000-8000-000000000002' };

describe('a channel that returns its fee on refunds', () => {
  const spec = deciderSpec(paymentDecider);

  it('given a pro-rata channel, when a refund is reserved, then the reservation says so', () => {
    spec.given(history.settled).when(reserve({ policy: proRata })).then([reserved({ feeOnRefund: 'pro-rata' })]);
  });

  it('given a pro-rata reservation of 50.00, when the bank pays it, then 0.19 of the fee comes back with it', () => {
    spec.given([...history.settled, reserved({ feeOnRefund: 'pro-rata' })]).when(complete()).then([refunded({ feeReturnedMinor: '19' })]);
  });

  it('given 50.00 already refunded, when the other 75.50 is paid back, then the rest of the fee (0.29) comes back: 0.48 in all', () => {
    spec
      .given([...history.settled, reserved({ feeOnRefund: 'pro-rata' }), refunded({ feeReturnedMinor: '19' }), reserved({ ...second, amountMinor: '7550', feeOnRefund: 'pro-rata' })])
      .when(complete({ ...second, bankRefundId: 'WX-RF-2' }))
      .then([refunded({ ...second, amountMinor: '7550', bankRefundId: 'WX-RF-2', feeReturnedMinor: '29' })]);
  });

  it('given a channel that keeps its fee, when the bank pays a refund, then no fee comes back (the event says nothing of it)', () => {
    spec.given([...history.settled, reserved()]).when(complete()).then([refunded()]);
  });
});
