import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { fail, failed, history, route, routed, submit, submitted } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);
const fallback = { channel: 'UNIONPAY', attempt: 2, quotedFeeMinor: 63n, why: ['WECHAT failed: fallback'] };
const rerouted = routed({ ...fallback, quotedFeeMinor: '63', why: ['WECHAT failed: fallback'] });

describe('a failed submission may be rerouted to a fallback channel', () => {
  it('given a submitted payment, when the attempt fails, then PaymentFailed', () => {
    spec.given(history.submitted).when(fail()).then([failed()]);
  });

  it('given a routed payment, when submission to the channel fails, then PaymentFailed', () => {
    spec.given(history.routed).when(fail()).then([failed()]);
  });

  it('given a failed attempt, when the same failure is reported again, then nothing happens', () => {
    spec.given(history.failed).when(fail({ reason: 'duplicate report' })).thenNothingHappens();
  });

  it('given a submitted payment, when another attempt is reported failed, then it is refused', () => {
    spec.given(history.submitted).when(fail({ attempt: 2 })).thenFails('attempt_mismatch');
  });

  it('given a failed attempt 1, when routed as attempt 2, then PaymentRouted to the fallback', () => {
    spec.given(history.failed).when(route(fallback)).then([rerouted]);
  });

  it('given a failed attempt 1, when routed as attempt 3, then the attempt is out of order', () => {
    spec.given(history.failed).when(route({ ...fallback, attempt: 3 })).thenFails('attempt_out_of_order');
  });

  it('given a submitted payment that has not failed, when rerouted, then it is refused', () => {
    spec.given(history.submitted).when(route(fallback)).thenFails('illegal_transition');
  });

  it('given a rerouted payment, when attempt 2 is submitted, then it goes to the fallback channel', () => {
    const second = { channel: 'UNIONPAY', attempt: 2, bankRequestId: 'up-req-1' };
    spec.given([...history.failed, rerouted]).when(submit(second)).then([submitted(second)]);
  });

  it('given an authorized payment, when reported failed, then it is refused', () => {
    spec.given(history.authorized).when(fail()).thenFails('illegal_transition');
  });
});
