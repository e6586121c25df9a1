import { at, useRisk } from './testing/risk-harness';

/**
 * Given an approved payment, when the same payer sends the same payee the same amount with the same
 * order reference a minute later (a likely double submission), then the second goes to manual review.
 */
describe('a duplicate payment goes to review', () => {
  const env = useRisk('risk_duplicate');

  it('approves the first and sends the twin to review with the duplicate_payment reason', async () => {
    const order = { payerId: 'cust-dup', payeeId: 'merchant-dup', amountMinor: 50_000n, orderReference: 'ERP-2026-0042' };
    const first = await env.requestPayment({ ...order, requestedAt: at(0) });
    expect((await env.assessed(first))[1]?.data).toMatchObject({ decision: 'approve', score: 0 });

    const twin = await env.requestPayment({ ...order, requestedAt: at(60) });

    expect((await env.assessed(twin))[1]?.data).toMatchObject({
      decision: 'review',
      score: 600,
      reasons: [{ rule: 'duplicate_payment', points: 600, detail: `same payee, amount and order reference as payment ${first}` }],
    });
  });

  it('does not treat another order reference as a duplicate', async () => {
    const order = { payerId: 'cust-dup-2', payeeId: 'merchant-dup', amountMinor: 50_000n };
    const first = await env.requestPayment({ ...order, orderReference: 'ERP-A', requestedAt: at(0) });
    await env.assessed(first);
    const other = await env.requestPayment({ ...order, orderReference: 'ERP-B', requestedAt: at(60) });
    expect((await env.assessed(other))[1]?.data).toMatchObject({ decision: 'approve', score: 0, reasons: [] });
  });
});
