import { at, httpJson, useRisk } from './testing/risk-harness';

/**
 * Given risk staff listed a payer over the API, when that payer requests a payment, then it is
 * rejected by the blocklist; once staff take the payer off the list, their next payment is approved.
 */
describe('a listed payer is rejected', () => {
  const env = useRisk('risk_listed');
  const payerId = 'cust-listed';

  it('rejects while listed and approves after the listing is removed', async () => {
    const staff = await env.auth(['risk:manage'], 'risk-officer-1');
    const put = await httpJson('PUT', `${env.url}/v1/risk/blocklist/${payerId}`, staff, { reason: 'chargeback fraud reported by the bank' });
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ payerId, reason: 'chargeback fraud reported by the bank', listedBy: 'user:risk-officer-1', paymentId: null });

    const whileListed = await env.requestPayment({ payerId, requestedAt: at(0) });
    expect((await env.assessed(whileListed))[1]?.data).toMatchObject({
      decision: 'reject',
      score: 1000,
      reasons: [{ rule: 'blocklist', points: 1000, detail: `payer ${payerId} is on the blocklist` }],
    });

    const removed = await httpJson('DELETE', `${env.url}/v1/risk/blocklist/${payerId}`, staff);
    expect(removed.status).toBe(204);
    expect((await httpJson('DELETE', `${env.url}/v1/risk/blocklist/${payerId}`, staff)).status).toBe(404);
    expect((await httpJson('GET', `${env.url}/v1/risk/blocklist`, staff)).body).toEqual({ data: [] });

    const afterRemoval = await env.requestPayment({ payerId, requestedAt: at(60), amountMinor: 12_345n });
    expect((await env.assessed(afterRemoval))[1]?.data).toMatchObject({ decision: 'approve', score: 0, reasons: [] });
  });

  it('refuses the blocklist to a caller without risk:manage, and a body with unknown fields', async () => {
    const reviewer = await env.auth(['risk:review']);
    expect((await httpJson('GET', `${env.url}/v1/risk/blocklist`, reviewer)).status).toBe(403);
    expect((await httpJson('PUT', `${env.url}/v1/risk/blocklist/cust-x`, reviewer, { reason: 'x' })).status).toBe(403);
    expect((await httpJson('GET', `${env.url}/v1/risk/blocklist`, {})).status).toBe(401);

    const bad = await httpJson('PUT', `${env.url}/v1/risk/blocklist/cust-x`, await env.auth(['risk:manage']), { reason: 'x', until: 'never' });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(bad.body.errors).toEqual([{ path: 'until', message: 'unknown field' }]);
  });
});
