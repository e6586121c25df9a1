import { RISK_NOW, useRisk } from './testing/risk-harness';

/**
 * Given a payer with no history and no listing, when they request an ordinary payment, then risk
 * approves it with a zero score and no reasons, caused by the request and attributed to risk.
 */
describe('an ordinary payment is approved', () => {
  const env = useRisk('risk_ordinary');

  it('appends PaymentRiskAssessed{approve, 0, []} caused by the PaymentRequested', async () => {
    const paymentId = await env.requestPayment({ payerId: 'cust-ordinary' });

    const [requested, assessed, ...rest] = await env.assessed(paymentId);

    expect(rest).toEqual([]);
    expect(requested?.type).toBe('PaymentRequested');
    expect(assessed?.type).toBe('PaymentRiskAssessed');
    expect(assessed?.data).toEqual({ paymentId, decision: 'approve', score: 0, reasons: [], assessedAt: RISK_NOW });
    expect(assessed?.metadata).toMatchObject({
      correlationId: paymentId,
      causationId: requested?.eventId,
      actor: 'service:risk',
      occurredAt: RISK_NOW,
      prevHash: requested?.metadata.hash,
    });
  });
});
