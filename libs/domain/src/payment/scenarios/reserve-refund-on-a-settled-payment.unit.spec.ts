import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history } from './payment.fixtures';
import { DAY_MS, refundHistory, reserve, reserved } from './refund.fixtures';

const spec = deciderSpec(paymentDecider);
const other = 'a1f0c2d4-0000-4000-8000-000000000002';

describe('ReserveRefund', () => {
  it('given a settled payment, when a partial refund is reserved, then PaymentRefundReserved', () => {
    spec.given(history.settled).when(reserve()).then([reserved()]);
  });

  it('given a reserved refund, when the same refund is reserved again, then nothing happens', () => {
    spec.given(refundHistory.reserved).when(reserve()).thenNothingHappens();
  });

  it('given a reserved refund, when the same refund id comes with another amount, then it conflicts', () => {
    spec.given(refundHistory.reserved).when(reserve({ amountMinor: 1n })).thenFails('refund_conflict');
  });

  it('given 50.00 reserved of 125.50, when 75.50 more is reserved, then the payment is fully reserved', () => {
    spec.given(refundHistory.reserved).when(reserve({ refundId: other, amountMinor: 7550n })).then([reserved({ refundId: other, amountMinor: '7550' })]);
  });

  it('given 50.00 reserved of 125.50, when 75.51 more is asked, then it exceeds the captured amount', () => {
    spec.given(refundHistory.reserved).when(reserve({ refundId: other, amountMinor: 7551n })).thenFails('refund_exceeds_captured');
  });

  it('given 50.00 refunded of 125.50, when 75.51 more is asked, then it exceeds the captured amount', () => {
    spec.given(refundHistory.refunded).when(reserve({ refundId: other, amountMinor: 7551n })).thenFails('refund_exceeds_captured');
  });

  it('given a released refund, when its amount is asked again, then it is refundable again', () => {
    spec.given(refundHistory.released).when(reserve({ refundId: other, amountMinor: 12550n })).then([reserved({ refundId: other, amountMinor: '12550' })]);
  });

  it('given a settled payment, when a zero refund is asked, then it is refused', () => {
    spec.given(history.settled).when(reserve({ amountMinor: 0n })).thenFails('invalid_amount');
  });

  it.each([
    ['authorized', history.authorized],
    ['declined', history.declined],
    ['expired', history.expired],
  ])('given a %s payment, when a refund is asked, then only settled payments can be refunded', (_status, events) => {
    spec.given(events).when(reserve()).thenFails('payment_not_settled');
  });

  it('given no payment, when a refund is asked, then the payment is not found', () => {
    spec.given([]).when(reserve()).thenFails('payment_not_found');
  });

  it('given a refund window of one day, when the refund is asked two days after settlement, then the window is closed', () => {
    spec.given(history.settled).when(reserve({ requestedAt: '2026-11-24T10:05:00.001Z', policy: { singleRefundOnly: false, windowMs: DAY_MS } })).thenFails('refund_window_closed');
  });
});
