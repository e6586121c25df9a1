import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { decline, declined, history, route } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('DeclinePayment', () => {
  it('given a submitted payment, when the bank declines, then PaymentDeclined with the bank code', () => {
    spec.given(history.submitted).when(decline()).then([declined()]);
  });

  it('given a declined payment, when the same decline arrives again, then nothing happens', () => {
    spec.given(history.declined).when(decline()).thenNothingHappens();
  });

  it('given a declined payment, when a decline with another code arrives, then it conflicts', () => {
    spec.given(history.declined).when(decline({ code: '05' })).thenFails('decline_conflict');
  });

  it('given an authorized payment, when a decline arrives, then it is refused', () => {
    spec.given(history.authorized).when(decline()).thenFails('illegal_transition');
  });

  it('given a declined payment, when rerouted, then a decline is final', () => {
    spec.given(history.declined).when(route({ attempt: 2 })).thenFails('payment_terminal');
  });
});
