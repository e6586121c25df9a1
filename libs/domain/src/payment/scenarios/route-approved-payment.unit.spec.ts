import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history, route, routed } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('RoutePayment', () => {
  it('given an approved payment, when routed, then PaymentRouted records channel, quoted fee and why', () => {
    spec.given(history.approved).when(route()).then([routed()]);
  });

  it('given a routed payment, when the same routing arrives again, then nothing happens', () => {
    spec.given(history.routed).when(route()).thenNothingHappens();
  });

  it('given a routed payment, when attempt 1 is routed to another channel, then it conflicts', () => {
    spec.given(history.routed).when(route({ channel: 'ALIPAY' })).thenFails('route_conflict');
  });

  it('given a rejected payment, when routed, then it is refused', () => {
    spec.given(history.rejected).when(route()).thenFails('payment_terminal');
  });

  it('given a requested payment not yet assessed, when routed, then it is refused', () => {
    spec.given(history.requested).when(route()).thenFails('illegal_transition');
  });

  it('given an approved payment, when routed as attempt 2, then the attempt is out of order', () => {
    spec.given(history.approved).when(route({ attempt: 2 })).thenFails('attempt_out_of_order');
  });

  it.each([-1n, 12551n])('given an approved payment, when the quoted fee is %p, then it is refused', (quotedFeeMinor) => {
    spec.given(history.approved).when(route({ quotedFeeMinor })).thenFails('invalid_fee');
  });
});
