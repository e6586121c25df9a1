import { at, httpJson, useRisk } from './testing/risk-harness';

/**
 * The brief's case. Given a payer who sent 16 identical requests (same payee, same amount) within
 * the last 3 minutes, all approved, when they send the 17th, then it is rejected for an identical
 * burst and the payer is listed; their next payment, to anyone, is rejected by the blocklist.
 */
describe('the 17th identical request within 3 minutes is rejected and the payer listed', () => {
  const env = useRisk('risk_burst');
  const payerId = 'cust-burst';
  const identical = { payerId, payeeId: 'merchant-burst', amountMinor: 9_900n };

  it('rejects the 17th with identical_burst, lists the payer, and rejects their next payment by blocklist', async () => {
    const first16 = await Promise.all(Array.from({ length: 16 }, (_, i) => env.requestPayment({ ...identical, requestedAt: at(i * 10) })));
    for (const paymentId of first16) {
      const assessment = (await env.assessed(paymentId))[1];
      expect(assessment?.data).toMatchObject({ decision: 'approve', score: 0, reasons: [] });
    }

    const seventeenth = await env.requestPayment({ ...identical, requestedAt: at(170) });
    const assessed = (await env.assessed(seventeenth))[1];

    expect(assessed?.data).toMatchObject({
      decision: 'reject',
      score: 1000,
      reasons: [{ rule: 'identical_burst', points: 1000, detail: '17 identical requests to merchant-burst within 180 s' }],
    });
    const listing = await httpJson('GET', `${env.url}/v1/risk/blocklist`, await env.auth(['risk:manage']));
    expect(listing.status).toBe(200);
    expect(listing.body.data).toEqual([
      {
        payerId,
        reason: 'identical_burst: 17 identical requests to merchant-burst within 180 s',
        listedAt: expect.any(String),
        listedBy: 'service:risk',
        paymentId: seventeenth,
      },
    ]);

    const later = await env.requestPayment({ payerId, payeeId: 'another-merchant', amountMinor: 100n, requestedAt: at(200) });
    expect((await env.assessed(later))[1]?.data).toMatchObject({
      decision: 'reject',
      score: 1000,
      reasons: [{ rule: 'blocklist', points: 1000, detail: `payer ${payerId} is on the blocklist` }],
    });
  });
});
