import { randomUUID } from 'node:crypto';
import { paymentStreamId, refundStreamId } from '@pl/domain';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * A refund end to end on the embedded platform: the refunds API reserves it on the payment, the
 * connectors send it to the bank sandbox over signed HTTP along the payment's own route, the bank's
 * signed callback succeeds it, the payment's reservation completes, the ledger posts it (balanced),
 * and the read model shows what is left to refund.
 */
/** Response bodies as the tests read them (the schemas are tested where they are defined). */
type Json = Record<string, any>;

describe('a refund from request to money back (embedded)', () => {
  const env = useEmbeddedPlatform('refund_e2e', ['payments:write', 'payments:read', 'refunds:write', 'refunds:read', 'audit:read']);

  async function settledPayment(amount: string): Promise<{ id: string; channel: string }> {
    const created = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ amount }), { ...env.auth, 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const settled = await eventually(async () => {
      const p = await getJson(`${env.platform.urls.reporting}/v1/payments/${id}`, env.auth);
      return p.body?.status === 'settled' ? (p.body as Json) : undefined;
    }, 30_000, `payment ${id} settled`);
    return { id, channel: settled.channel ?? 'unknown' };
  }

  const refund = (paymentId: string, amount: string, key = randomUUID(), headers = env.auth) =>
    postJson(`${env.platform.urls.refunds}/v1/payments/${paymentId}/refunds`, { amount, reason: 'goods returned' }, { ...headers, 'idempotency-key': key });
  const refundState = (refundId: string, status: string) =>
    eventually(async () => {
      const r = await getJson(`${env.platform.urls.refunds}/v1/refunds/${refundId}`, env.auth);
      return r.body?.status === status ? (r.body as Json) : undefined;
    }, 30_000, `refund ${refundId} ${status}`);

  it('two partial refunds are paid back through the bank; the payment, the ledger and the read model agree', async () => {
    const { id } = await settledPayment('10000');

    const first = await refund(id, '3000');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ status: 'approved', amount: '3000', bank: null });
    const second = await refund(id, '2000');
    expect(second.status).toBe(201);

    const done = await refundState(first.body.id, 'succeeded');
    expect(done.bank).toMatchObject({ orderNo: `refund-${first.body.id}`, bankRefundId: expect.stringMatching(/_ref_/) });
    await refundState(second.body.id, 'succeeded');

    // The payment's stream: both reservations completed (by the refunds service, from the refund events) with the bank's refund ids.
    const refunded = await eventually(async () => {
      const events = await env.platform.runtime.store.readStream(paymentStreamId(id));
      const rows = events.filter((e) => e.type === 'PaymentRefunded').map((e) => [e.data['refundId'], e.data['amountMinor'], e.data['bankRefundId']]);
      return rows.length === 2 ? rows : undefined;
    }, 20_000, 'both refunds completed on the payment');
    expect(refunded).toEqual(expect.arrayContaining([[first.body.id, '3000', done.bank.bankRefundId], [second.body.id, '2000', expect.any(String)]]));
    // The refund's own stream tells the whole story, in order.
    const story = (await env.platform.runtime.store.readStream(refundStreamId(first.body.id))).map((e) => e.type);
    expect(story).toEqual(['RefundRequested', 'RefundApproved', 'RefundSubmittedToBank', 'RefundAcceptedByBank', 'RefundSucceeded']);

    // Read model: 5,000 refunded, 5,000 left; a third refund above that is refused with the domain code.
    const history = await eventually(async () => {
      const r = await getJson(`${env.platform.urls.reporting}/v1/payments/${id}/refunds`, env.auth);
      return r.body?.refundedMinor === '5000' ? (r.body as Json) : undefined;
    }, 20_000, 'refunds projected');
    expect(history).toMatchObject({ capturedMinor: '10000', refundedMinor: '5000', pendingMinor: '0', refundableMinor: '5000' });
    const tooMuch = await refund(id, '5001');
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'refund_exceeds_captured', refundableMinor: '5000' });

    // Ledger (projected in the same transaction as the history above): every currency balances after the refund postings.
    const trial = await eventually(async () => {
      const t = await getJson(`${env.platform.urls.reporting}/v1/ledger/trial-balance`, env.auth);
      return t.status === 200 ? (t.body as Json) : undefined;
    }, 10_000, 'trial balance');
    expect(trial.balanced).toBe(true);
    expect(trial.totals).toEqual([expect.objectContaining({ currency: 'CNY', difference: '0' })]);
  });

  it('a refund above the threshold waits for two approvers other than the requester, then goes to the bank', async () => {
    const { id } = await settledPayment('60000000');
    const requested = await refund(id, '55000000');
    expect(requested.status).toBe(201);
    expect(requested.body).toMatchObject({ status: 'awaiting_approval', approvalsRequired: 2, bank: null });
    const approve = async (who: string) =>
      postJson(`${env.platform.urls.refunds}/v1/refunds/${requested.body.id}/approvals`, { decision: 'approve', note: 'return checked' }, await env.authAs(who, ['refunds:approve']));

    expect((await approve('finance-lead-1')).body).toMatchObject({ status: 'awaiting_approval' });
    // Nothing goes to the bank on one approval.
    expect((await getJson(`${env.platform.urls.refunds}/v1/refunds/${requested.body.id}`, env.auth)).body.bank).toBeNull();
    expect((await approve('finance-lead-2')).body).toMatchObject({ status: 'approved' });

    const done = await refundState(requested.body.id, 'succeeded');
    expect(done.approvals.map((a: { approverId: string }) => a.approverId)).toEqual(['finance-lead-1', 'finance-lead-2']);
  });
});
