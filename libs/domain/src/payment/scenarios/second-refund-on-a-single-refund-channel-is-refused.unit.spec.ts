import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { DAY_MS, refundHistory, reserve, reserved } from './refund.fixtures';

const spec = deciderSpec(paymentDecider);
const single = { singleRefundOnly: true, windowMs: 30 * DAY_MS };
const second = 'a1f0c2d4-0000-4000-8000-000000000002';

describe('a channel that allows one refund per payment', () => {
  it('given a reserved refund, when a second refund is asked, then it is refused as single_refund_only', () => {
    spec.given(refundHistory.reserved).when(reserve({ refundId: second, amountMinor: 100n, policy: single })).thenFails('single_refund_only');
  });

  it('given a refunded refund, when a second refund is asked, then it is refused as single_refund_only', () => {
    spec.given(refundHistory.refunded).when(reserve({ refundId: second, amountMinor: 100n, policy: single })).thenFails('single_refund_only');
  });

  it('given the only refund was released, when another is asked, then it is reserved', () => {
    spec.given(refundHistory.released).when(reserve({ refundId: second, amountMinor: 100n, policy: single })).then([reserved({ refundId: second, amountMinor: '100' })]);
  });

  it('given a reserved refund, when the same refund repeats, then nothing happens', () => {
    spec.given(refundHistory.reserved).when(reserve({ policy: single })).thenNothingHappens();
  });
});
