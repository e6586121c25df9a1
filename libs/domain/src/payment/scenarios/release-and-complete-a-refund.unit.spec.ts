import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history } from './payment.fixtures';
import { complete, refundHistory, refunded, release, released } from './refund.fixtures';

const spec = deciderSpec(paymentDecider);

describe('ReleaseRefund and CompleteRefund', () => {
  it('given a reserved refund, when it is released, then PaymentRefundReleased', () => {
    spec.given(refundHistory.reserved).when(release()).then([released()]);
  });

  it('given a released refund, when it is released again, then nothing happens', () => {
    spec.given(refundHistory.released).when(release()).thenNothingHappens();
  });

  it('given a refunded refund, when it is released, then it is refused', () => {
    spec.given(refundHistory.refunded).when(release()).thenFails('refund_already_completed');
  });

  it('given a reserved refund, when the bank pays it, then PaymentRefunded', () => {
    spec.given(refundHistory.reserved).when(complete()).then([refunded()]);
  });

  it('given a refunded refund, when the same completion repeats, then nothing happens', () => {
    spec.given(refundHistory.refunded).when(complete()).thenNothingHappens();
  });

  it('given a refunded refund, when another bank refund id arrives, then it conflicts', () => {
    spec.given(refundHistory.refunded).when(complete({ bankRefundId: 'WX-RF-2' })).thenFails('refund_conflict');
  });

  it('given a released refund, when it completes, then it is refused', () => {
    spec.given(refundHistory.released).when(complete()).thenFails('refund_released');
  });

  it('given a settled payment, when an unknown refund completes, then it is not found', () => {
    spec.given(history.settled).when(complete()).thenFails('refund_not_found');
  });
});
