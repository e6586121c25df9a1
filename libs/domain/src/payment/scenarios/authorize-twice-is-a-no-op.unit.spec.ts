import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { authorize, authorized, history } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('the same bank callback twice authorizes once', () => {
  it('given a submitted payment, when the bank authorizes, then PaymentAuthorized carries amount, channel and payee', () => {
    spec.given(history.submitted).when(authorize()).then([authorized()]);
  });

  it('given an authorized payment, when the same callback arrives again, then nothing happens', () => {
    spec.given(history.authorized).when(authorize({ authorizedAt: '2026-11-22T10:04:30.000Z' })).thenNothingHappens();
  });

  it('given an authorized payment, when a callback names another bank reference, then it conflicts', () => {
    spec.given(history.authorized).when(authorize({ bankReference: 'WX-AUTH-FORGED' })).thenFails('authorization_conflict');
  });

  it('given a settled payment, when the authorization callback is replayed, then nothing happens', () => {
    spec.given(history.settled).when(authorize()).thenNothingHappens();
  });

  it('given a routed payment never submitted, when a callback authorizes it, then it is refused', () => {
    spec.given(history.routed).when(authorize()).thenFails('illegal_transition');
  });
});
