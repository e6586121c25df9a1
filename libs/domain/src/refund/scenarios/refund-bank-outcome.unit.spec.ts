import { deciderSpec } from '@pl/testing';
import { refundDecider, type RefundEvent } from '@pl/domain';
import { at5, paymentId, refundId, requested } from './refund.fixtures';

const spec = deciderSpec(refundDecider);
const approved: RefundEvent[] = [requested({ approvalsRequired: 0 }), { type: 'RefundApproved', data: { refundId, paymentId, approvedAt: at5, approvers: [] } }];
const submittedEvent: RefundEvent = { type: 'RefundSubmittedToBank', data: { refundId, paymentId, bankRequestId: 'p:1:r', submittedAt: at5 } };
const submit = { type: 'SubmitRefundToBank', data: { refundId, bankRequestId: 'p:1:r', submittedAt: at5 } } as const;

describe('a refund at the bank', () => {
  it('given an approved refund, when it is submitted, then RefundSubmittedToBank', () => {
    spec.given(approved).when(submit).then([submittedEvent]);
  });

  it('given a submitted refund, when the same submission repeats, then nothing happens', () => {
    spec.given([...approved, submittedEvent]).when(submit).thenNothingHappens();
  });

  it('given a refund awaiting approval, when it is submitted, then it is refused', () => {
    spec.given([requested()]).when(submit).thenFails('refund_not_approved');
  });

  it('given a submitted refund, when the bank pays it, then RefundSucceeded (and a repeat is a no-op)', () => {
    const ok = { type: 'RecordRefundSucceeded', data: { refundId, bankRefundId: 'BK-1', succeededAt: at5 } } as const;
    const succeeded: RefundEvent = { type: 'RefundSucceeded', data: { refundId, paymentId, bankRefundId: 'BK-1', succeededAt: at5 } };
    spec.given([...approved, submittedEvent]).when(ok).then([succeeded]);
    spec.given([...approved, submittedEvent, succeeded]).when(ok).thenNothingHappens();
  });

  it('given a submitted refund, when the bank refuses it, then RefundFailed', () => {
    spec
      .given([...approved, submittedEvent])
      .when({ type: 'RecordRefundFailed', data: { refundId, reason: 'declined', failedAt: at5 } })
      .then([{ type: 'RefundFailed', data: { refundId, paymentId, reason: 'declined', failedAt: at5 } }]);
  });
});
