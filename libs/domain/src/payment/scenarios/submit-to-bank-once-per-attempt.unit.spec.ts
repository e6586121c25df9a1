import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history, submit, submitted } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('a payment is submitted to a bank at most once per routing attempt', () => {
  it('given a routed payment, when submitted to its channel, then PaymentSubmittedToBank', () => {
    spec.given(history.routed).when(submit()).then([submitted()]);
  });

  it('given a submitted payment, when the identical submission repeats, then nothing happens', () => {
    spec.given(history.submitted).when(submit()).thenNothingHappens();
  });

  it('given a submitted payment, when attempt 1 is submitted again under another request id, then it conflicts', () => {
    spec.given(history.submitted).when(submit({ bankRequestId: 'wx-req-2' })).thenFails('submission_conflict');
  });

  it('given a routed payment, when submitted to a channel it was not routed to, then it is refused', () => {
    spec.given(history.routed).when(submit({ channel: 'ALIPAY' })).thenFails('channel_mismatch');
  });

  it('given a routed payment, when submitted for another attempt, then it is refused', () => {
    spec.given(history.routed).when(submit({ attempt: 2 })).thenFails('attempt_mismatch');
  });

  it('given an approved payment not yet routed, when submitted, then it is refused', () => {
    spec.given(history.approved).when(submit()).thenFails('illegal_transition');
  });
});
