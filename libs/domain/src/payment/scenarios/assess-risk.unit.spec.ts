import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { assessRisk, history, riskAssessed } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('AssessRisk', () => {
  it.each(['approve', 'challenge', 'review', 'reject'] as const)('given a requested payment, when risk decides %s, then PaymentRiskAssessed explains it', (decision) => {
    spec.given(history.requested).when(assessRisk({ decision })).then([riskAssessed({ decision })]);
  });

  it('given the same assessment was recorded, when it arrives again, then nothing happens', () => {
    spec.given(history.approved).when(assessRisk()).thenNothingHappens();
  });

  it('given an approved payment, when a different assessment arrives, then the decision stands', () => {
    spec.given(history.approved).when(assessRisk({ decision: 'reject', score: 990, assessedAt: '2026-11-22T10:09:00.000Z' })).thenFails('risk_already_decided');
  });

  it('given a rejected payment, when risk approves it later, then the terminal payment refuses', () => {
    spec.given(history.rejected).when(assessRisk({ assessedAt: '2026-11-22T10:09:00.000Z' })).thenFails('payment_terminal');
  });

  it.each([-1, 1001, 12.5])('given a requested payment, when the score is %p, then it is refused', (score) => {
    spec.given(history.requested).when(assessRisk({ score })).thenFails('invalid_risk_score');
  });

  it('given a routed payment that was never assessed differently, when a new assessment arrives, then it is refused', () => {
    spec.given(history.routed).when(assessRisk({ score: 41 })).thenFails('risk_already_decided');
  });
});
