import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { expire, expired, history } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('ExpirePayment', () => {
  it.each([
    ['requested', history.requested],
    ['under_review', history.underReview],
    ['approved', history.approved],
    ['routed', history.routed],
    ['failed', history.failed],
  ])('given a %s payment, when its deadline passes, then PaymentExpired', (_status, given) => {
    spec.given(given).when(expire()).then([expired()]);
  });

  it.each([
    ['submitted', history.submitted],
    ['authorized', history.authorized],
  ])('given a %s payment, when its deadline passes, then the bank decides, not the clock', (_status, given) => {
    spec.given(given).when(expire()).thenFails('payment_in_flight');
  });

  it('given an expired payment, when expiry repeats, then nothing happens', () => {
    spec.given(history.expired).when(expire({ expiredAt: '2026-11-22T11:00:00.000Z' })).thenNothingHappens();
  });

  it('evolves into an expired state that remembers where it stopped', () => {
    const state = history.expired.reduce(paymentDecider.evolve, paymentDecider.initialState());
    expect(state).toMatchObject({ status: 'expired', expiredFrom: 'approved', expiredAt: expired().data.expiredAt });
  });
});
