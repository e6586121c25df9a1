import { randomUUID } from 'node:crypto';
import { at, httpJson, RISK_NOW, useRisk } from './testing/risk-harness';

/**
 * Given a payment the rules sent to review (a likely double submission), when a risk analyst
 * approves it with a note, then a second PaymentRiskAssessed approves it, keeping the score and
 * adding who decided and why. Only a payment under review can be decided, only with risk:review.
 */
describe('manual review approves a payment', () => {
  const env = useRisk('risk_review');
  const order = { payerId: 'cust-review', payeeId: 'merchant-review', amountMinor: 75_000n, orderReference: 'ERP-R-1' };
  let approvedFirst = '';
  let underReview = '';

  beforeAll(async () => {
    approvedFirst = await env.requestPayment({ ...order, requestedAt: at(0) });
    await env.assessed(approvedFirst);
    underReview = await env.requestPayment({ ...order, requestedAt: at(30) });
    expect((await env.assessed(underReview))[1]?.data).toMatchObject({ decision: 'review', score: 600 });
  });

  const review = async (paymentId: string, scopes: string[], body: unknown = { decision: 'approve', note: 'customer confirmed both orders by phone' }) =>
    httpJson('POST', `${env.url}/v1/risk/reviews/${paymentId}`, await env.auth(scopes, 'analyst-7'), body);

  it('refuses a caller without risk:review (403), and the payment stays under review', async () => {
    const res = await review(underReview, ['risk:manage']);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await env.events(underReview)).toHaveLength(2);
  });

  it('approves: a second assessment with the score kept and the reviewer’s reason added', async () => {
    const res = await review(underReview, ['risk:review']);
    expect(res.status).toBe(200);

    const events = await env.events(underReview);
    expect(events.map((e) => e.type)).toEqual(['PaymentRequested', 'PaymentRiskAssessed', 'PaymentRiskAssessed']);
    const decided = events[2];
    expect(decided?.data).toEqual({
      paymentId: underReview,
      decision: 'approve',
      score: 600,
      reasons: [
        { rule: 'duplicate_payment', points: 600, detail: `same payee, amount and order reference as payment ${approvedFirst}` },
        { rule: 'manual_review', points: 0, detail: 'approve by analyst-7: customer confirmed both orders by phone' },
      ],
      assessedAt: RISK_NOW,
    });
    expect(decided?.metadata).toMatchObject({ correlationId: underReview, actor: 'user:analyst-7' });
    expect(res.body).toEqual({ ...decided?.data, revision: '2' });
  });

  it('answers 409 with the domain code for a payment no longer under review, 404 for an unknown one', async () => {
    const again = await review(underReview, ['risk:review'], { decision: 'reject', note: 'changed my mind' });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(again.body).toMatchObject({ status: 409, code: 'not_under_review' });
    expect(await env.events(underReview)).toHaveLength(3);

    expect((await review(approvedFirst, ['risk:review'])).body).toMatchObject({ status: 409, code: 'not_under_review' });
    expect((await review(randomUUID(), ['risk:review'])).status).toBe(404);
  });

  it('refuses a decision other than approve or reject, and a missing note', async () => {
    expect((await review(underReview, ['risk:review'], { decision: 'maybe', note: 'x' })).status).toBe(400);
    expect((await review(underReview, ['risk:review'], { decision: 'approve' })).status).toBe(400);
  });
});
