import { deciderSpec } from '@pl/testing';
import { refundDecider, type RefundEvent } from '@pl/domain';
import { at5, paymentId, refundId, requested } from './refund.fixtures';

const spec = deciderSpec(refundDecider);
const approved: RefundEvent[] = [requested({ approvalsRequired: 0 }), { type: 'RefundApproved', data: { refundId, paymentId, approvedAt: at5, approvers: [] } }];
const orderNo = `R${refundId}`;
const submittedEvent: RefundEvent = {
  type: 'RefundSubmittedToBank',
  data: { refundId, paymentId, channel: 'ICBC', orderNo, paymentOrderNo: `${paymentId}:1`, amountMinor: '60000000', currency: 'CNY', submittedAt: at5 },
};
const submit = { type: 'SubmitRefundToBank', data: { refundId, orderNo, paymentOrderNo: `${paymentId}:1`, submittedAt: at5 } } as const;
const acceptedEvent: RefundEvent = { type: 'RefundAcceptedByBank', data: { refundId, paymentId, bankRefundId: 'BK-1', acceptedAt: at5 } };
const accept = (bankRefundId = 'BK-1') => ({ type: 'RecordRefundAccepted', data: { refundId, bankRefundId, acceptedAt: at5 } }) as const;
const succeed = (bankRefundId = 'BK-1') => ({ type: 'RecordRefundSucceeded', data: { refundId, bankRefundId, succeededAt: at5 } }) as const;
const succeededEvent: RefundEvent = { type: 'RefundSucceeded', data: { refundId, paymentId, bankRefundId: 'BK-1', succeededAt: at5 } };
const fail = { type: 'RecordRefundFailed', data: { refundId, reason: 'declined by the bank', code: 'refund_not_allowed', failedAt: at5 } } as const;
const failedEvent: RefundEvent = { type: 'RefundFailed', data: { refundId, paymentId, reason: 'declined by the bank', code: 'refund_not_allowed', failedAt: at5 } };

describe('a refund at the bank', () => {
  it('given an approved refund, when it is submitted, then RefundSubmittedToBank names the original payment, channel and amount', () => {
    spec.given(approved).when(submit).then([submittedEvent]);
  });

  it('given a submitted refund, when the same submission repeats, then nothing happens; another order number is a conflict', () => {
    spec.given([...approved, submittedEvent]).when(submit).thenNothingHappens();
    spec.given([...approved, submittedEvent]).when({ ...submit, data: { ...submit.data, orderNo: 'other' } }).thenFails('submission_conflict');
  });

  it('given a refund awaiting approval, when it is submitted, then it is refused', () => {
    spec.given([requested()]).when(submit).thenFails('refund_not_approved');
  });

  it('given a submitted refund, when the bank accepts it, then it is pending with the bank refund id (a repeat is a no-op, another id a conflict)', () => {
    spec.given([...approved, submittedEvent]).when(accept()).then([acceptedEvent]);
    spec.given([...approved, submittedEvent, acceptedEvent]).when(accept()).thenNothingHappens();
    spec.given([...approved, submittedEvent, acceptedEvent]).when(accept('BK-2')).thenFails('refund_conflict');
  });

  it('given an approved refund not yet sent, when the bank is said to accept it, then it is refused: pending needs a bank call', () => {
    spec.given(approved).when(accept()).thenFails('illegal_transition');
  });

  it('given a pending refund, when the bank pays it, then RefundSucceeded (and a repeat is a no-op)', () => {
    spec.given([...approved, submittedEvent, acceptedEvent]).when(succeed()).then([succeededEvent]);
    spec.given([...approved, submittedEvent, acceptedEvent, succeededEvent]).when(succeed()).thenNothingHappens();
    spec.given([...approved, submittedEvent, acceptedEvent, succeededEvent]).when(succeed('BK-2')).thenFails('refund_conflict');
  });

  it('given a submitted refund whose answer was lost, when a status query says it succeeded, then the acceptance is recorded with the success', () => {
    spec.given([...approved, submittedEvent]).when(succeed()).then([acceptedEvent, succeededEvent]);
  });

  it('given a submitted refund, when the bank refuses it, then RefundFailed with the code', () => {
    spec.given([...approved, submittedEvent]).when(fail).then([failedEvent]);
    spec.given([...approved, submittedEvent, failedEvent]).when(fail).thenNothingHappens();
  });

  it('given a submitted refund, when its failure callback (with the bank refund id) beats the sync answer, then the acceptance is recorded with the failure', () => {
    spec.given([...approved, submittedEvent]).when({ ...fail, data: { ...fail.data, bankRefundId: 'BK-1' } }).then([acceptedEvent, failedEvent]);
  });

  it('given a succeeded refund, when a failure arrives, then it is refused: money paid back is not un-paid', () => {
    spec.given([...approved, submittedEvent, acceptedEvent, succeededEvent]).when(fail).thenFails('illegal_transition');
  });
});
