import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history, settle } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('settlement needs an authorization', () => {
  it.each([
    ['requested', history.requested],
    ['approved', history.approved],
    ['routed', history.routed],
    ['submitted', history.submitted],
    ['failed', history.failed],
  ])('given a %s payment, when settled, then it is refused', (_status, given) => {
    spec.given(given).when(settle()).thenFails('illegal_transition');
  });
});
