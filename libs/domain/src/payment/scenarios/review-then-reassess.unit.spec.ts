import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { assessRisk, history, requested, riskAssessed, route } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);
const later = '2026-11-22T10:20:00.000Z';

describe('a payment under review or challenge is decided by a later assessment', () => {
  it('given a payment under manual review, when the reviewer approves, then a new assessment is recorded', () => {
    spec
      .given(history.underReview)
      .when(assessRisk({ decision: 'approve', score: 120, assessedAt: later }))
      .then([riskAssessed({ decision: 'approve', score: 120, assessedAt: later })]);
  });

  it('given a challenged payment, when step-up verification fails, then it is rejected', () => {
    spec
      .given([requested, riskAssessed({ decision: 'challenge', score: 450 })])
      .when(assessRisk({ decision: 'reject', score: 800, assessedAt: later }))
      .then([riskAssessed({ decision: 'reject', score: 800, assessedAt: later })]);
  });

  it('given a payment under review, when it is routed, then routing waits for a decision', () => {
    spec.given(history.underReview).when(route()).thenFails('illegal_transition');
  });

  it('evolves review → under_review, then approve → approved', () => {
    const s1 = history.underReview.reduce(paymentDecider.evolve, paymentDecider.initialState());
    expect(s1.status).toBe('under_review');
    const s2 = paymentDecider.evolve(s1, riskAssessed({ assessedAt: later }));
    expect(s2).toMatchObject({ status: 'approved', risk: { decision: 'approve', assessedAt: later } });
  });
});
