import { paymentDecider, type PaymentEvent } from '@pl/domain';
import { statusAfter } from './payment-status';

const at = '2026-11-22T10:00:00.000Z';
const id = 'p-1';

/** The read model's status must agree with the decider's own state after every event. */
describe('the read model status follows the decider', () => {
  const history: PaymentEvent[] = [
    {
      type: 'PaymentRequested',
      data: { paymentId: id, amountMinor: '1000', currency: 'CNY', payerId: 'a', payeeId: 'b', method: { type: 'card', token: 't', masked: '4242' }, orderReference: 'o', metadata: {}, idempotencyKey: 'k', requestedAt: at },
    },
    { type: 'PaymentRiskAssessed', data: { paymentId: id, decision: 'approve', score: 10, reasons: [], assessedAt: at } },
    { type: 'PaymentRouted', data: { paymentId: id, channel: 'ICBC', quotedFeeMinor: '5', why: [], routedAt: at, attempt: 1 } },
    { type: 'PaymentSubmittedToBank', data: { paymentId: id, channel: 'ICBC', attempt: 1, bankRequestId: 'r', submittedAt: at } },
    { type: 'PaymentFailed', data: { paymentId: id, channel: 'ICBC', attempt: 1, reason: 'timeout', failedAt: at } },
    { type: 'PaymentRouted', data: { paymentId: id, channel: 'CMB', quotedFeeMinor: '5', why: [], routedAt: at, attempt: 2 } },
    { type: 'PaymentSubmittedToBank', data: { paymentId: id, channel: 'CMB', attempt: 2, bankRequestId: 'r2', submittedAt: at } },
    { type: 'PaymentAuthorized', data: { paymentId: id, channel: 'CMB', attempt: 2, bankReference: 'x', amountMinor: '1000', currency: 'CNY', payeeId: 'b', authorizedAt: at } },
    { type: 'PaymentSettled', data: { paymentId: id, channel: 'CMB', payeeId: 'b', currency: 'CNY', amountMinor: '1000', settledAmountMinor: '995', feeMinor: '5', settledAt: at } },
  ];

  it('after each event of a rerouted, settled payment', () => {
    let state = paymentDecider.initialState();
    for (const event of history) {
      state = paymentDecider.evolve(state, event);
      expect(statusAfter(event)).toBe(state.status);
    }
  });

  it.each([
    ['review', 'under_review'],
    ['challenge', 'under_review'],
    ['reject', 'rejected'],
  ] as const)('after a %s decision', (decision, expected) => {
    const assessed: PaymentEvent = { type: 'PaymentRiskAssessed', data: { paymentId: id, decision, score: 900, reasons: [], assessedAt: at } };
    const state = paymentDecider.evolve(paymentDecider.evolve(paymentDecider.initialState(), history[0]!), assessed);
    expect(statusAfter(assessed)).toBe(expected);
    expect(state.status).toBe(expected);
  });
});
