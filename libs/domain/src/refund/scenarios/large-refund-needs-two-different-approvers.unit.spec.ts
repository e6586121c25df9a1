import { deciderSpec } from '@pl/testing';
import { refundDecider } from '@pl/domain';
import { approval, at0, at5, paymentId, recorded, refundId, requestRefund, requested } from './refund.fixtures';

const spec = deciderSpec(refundDecider);

describe('approvals of a refund above the threshold', () => {
  it('given nothing, when 600,000.00 is requested, then it waits for two approvals', () => {
    spec.given([]).when(requestRefund()).then([requested()]);
  });

  it('given nothing, when 500,000.00 (the threshold) is requested, then the policy approves it at once', () => {
    spec
      .given([])
      .when(requestRefund({ amountMinor: 50_000_000n }))
      .then([requested({ amountMinor: '50000000', approvalsRequired: 0 }), { type: 'RefundApproved', data: { refundId, paymentId, approvedAt: at0, approvers: [] } }]);
  });

  it('given a request, when the same request repeats, then nothing happens', () => {
    spec.given([requested()]).when(requestRefund()).thenNothingHappens();
  });

  it('given a request, when the first approver approves, then the approval is recorded with who, when and from where', () => {
    spec.given([requested()]).when(approval('boss-1')).then([recorded('boss-1')]);
  });

  it('given one approval, when a second different approver approves, then the refund is approved', () => {
    spec
      .given([requested(), recorded('boss-1')])
      .when(approval('boss-2'))
      .then([recorded('boss-2'), { type: 'RefundApproved', data: { refundId, paymentId, approvedAt: at5, approvers: ['boss-1', 'boss-2'] } }]);
  });

  it('given one approval, when the same approver approves again, then nothing happens (one person is not two)', () => {
    spec.given([requested(), recorded('boss-1')]).when(approval('boss-1')).thenNothingHappens();
  });

  it('given a request, when the requester approves it, then it is refused as self_approval', () => {
    spec.given([requested()]).when(approval('clerk-1')).thenFails('self_approval');
  });

  it('given a request, when an approver rejects it, then the refund is rejected', () => {
    spec
      .given([requested()])
      .when(approval('boss-1', { decision: 'reject', note: 'no return received' }))
      .then([
        { type: 'RefundApprovalRecorded', data: { refundId, approverId: 'boss-1', decision: 'reject', note: 'no return received', ip: '10.0.0.7', decidedAt: at5 } },
        { type: 'RefundRejected', data: { refundId, paymentId, rejectedBy: 'boss-1', note: 'no return received', rejectedAt: at5 } },
      ]);
  });

  it('given a rejected refund, when another approver approves, then it is no longer awaiting approval', () => {
    spec
      .given([requested(), recorded('boss-1', 'reject'), { type: 'RefundRejected', data: { refundId, paymentId, rejectedBy: 'boss-1', note: 'x', rejectedAt: at5 } }])
      .when(approval('boss-2'))
      .thenFails('refund_not_awaiting_approval');
  });

  it('given nothing, when an approval arrives, then the refund is not found', () => {
    spec.given([]).when(approval('boss-1')).thenFails('refund_not_found');
  });
});
