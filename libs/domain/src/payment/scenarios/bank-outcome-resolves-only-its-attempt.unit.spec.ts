import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { authorize, authorized, decline, declined, history, routed, submitted } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);
// Attempt 1 on WECHAT failed; attempt 2 went to UNIONPAY and is with that bank now.
const secondAttempt = { channel: 'UNIONPAY', attempt: 2 };
const submittedAgain = [
  ...history.failed,
  routed({ ...secondAttempt, quotedFeeMinor: '63', why: ['WECHAT failed: fallback'] }),
  submitted({ ...secondAttempt, bankRequestId: 'up-req-1' }),
];

describe('a bank outcome resolves only the attempt it names', () => {
  it('given attempt 2 submitted after a reroute, when attempt 1 is authorized late, then it is refused as another attempt', () => {
    spec.given(submittedAgain).when(authorize({ attempt: 1 })).thenFails('attempt_mismatch');
  });

  it('given attempt 2 submitted after a reroute, when attempt 1 is declined late, then it is refused as another attempt', () => {
    spec.given(submittedAgain).when(decline({ attempt: 1 })).thenFails('attempt_mismatch');
  });

  it('given attempt 2 submitted after a reroute, when attempt 2 is authorized, then PaymentAuthorized names attempt 2 and its channel', () => {
    spec
      .given(submittedAgain)
      .when(authorize({ attempt: 2, bankReference: 'UP-AUTH-2' }))
      .then([authorized({ ...secondAttempt, bankReference: 'UP-AUTH-2' })]);
  });

  it('given attempt 2 submitted after a reroute, when attempt 2 is declined, then PaymentDeclined names attempt 2', () => {
    spec.given(submittedAgain).when(decline({ attempt: 2 })).then([declined(secondAttempt)]);
  });

  it('given attempt 1 authorized, when the same bank reference arrives for attempt 2, then it conflicts', () => {
    spec.given(history.authorized).when(authorize({ attempt: 2 })).thenFails('authorization_conflict');
  });

  it('given attempt 1 declined, when the same code arrives for attempt 2, then it conflicts', () => {
    spec.given(history.declined).when(decline({ attempt: 2 })).thenFails('decline_conflict');
  });
});
