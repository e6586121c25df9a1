import { randomUUID } from 'node:crypto';
import { paymentDecider, paymentStreamId, type PaymentEvent } from '@pl/domain';
import { get, post, seedSettledPayment, useRefundsService } from '../../testing/refunds-harness';

/** Above the threshold (here 1,000.00) a refund waits for two approvers other than the requester. */
describe('approvals of a large refund', () => {
  const env = useRefundsService('refunds_approvals', { approvalThresholdMinor: 100_000n });
  const bearer = async (scopes: string[], subject: string) => ({ authorization: `Bearer ${await env.token(scopes, subject)}` });
  const request = async (paymentId: string) =>
    post(`${env.url}/v1/payments/${paymentId}/refunds`, { amount: '150000', reason: 'order cancelled' }, { ...(await bearer(['refunds:write', 'refunds:approve'], 'clerk-1')), 'idempotency-key': randomUUID() });
  const decide = async (refundId: string, subject: string, decision: 'approve' | 'reject') =>
    post(`${env.url}/v1/refunds/${refundId}/approvals`, { decision, note: `${subject} checked` }, await bearer(['refunds:approve'], subject));

  it('needs two different approvers, refuses the requester, and records who, when and from where', async () => {
    const paymentId = await seedSettledPayment(env.store, 200_000n);
    const created = await request(paymentId);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'awaiting_approval', approvalsRequired: 2, requestedBy: 'clerk-1' });
    const id: string = created.body.id;

    const self = await post(`${env.url}/v1/refunds/${id}/approvals`, { decision: 'approve' }, await bearer(['refunds:approve'], 'clerk-1'));
    expect(self.status).toBe(422);
    expect(self.body.code).toBe('self_approval');

    const noScope = await post(`${env.url}/v1/refunds/${id}/approvals`, { decision: 'approve' }, await bearer(['refunds:write'], 'boss-9'));
    expect(noScope.status).toBe(403);

    expect((await decide(id, 'boss-1', 'approve')).body.status).toBe('awaiting_approval');
    expect((await decide(id, 'boss-1', 'approve')).body.status).toBe('awaiting_approval');
    const approved = await decide(id, 'boss-2', 'approve');
    expect(approved.body.status).toBe('approved');
    expect(approved.body.approvals).toEqual([
      expect.objectContaining({ approverId: 'boss-1', decision: 'approve', ip: expect.stringMatching(/127\.0\.0\.1/), decidedAt: expect.any(String) }),
      expect.objectContaining({ approverId: 'boss-2', decision: 'approve' }),
    ]);
    const read = await get(`${env.url}/v1/refunds/${id}`, await bearer(['refunds:read'], 'auditor'));
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('approved');
  });

  it('ends the refund on a rejection and makes its amount refundable again', async () => {
    const paymentId = await seedSettledPayment(env.store, 200_000n);
    const created = await request(paymentId);
    const rejected = await decide(created.body.id, 'boss-1', 'reject');
    expect(rejected.status).toBe(201);
    expect(rejected.body.status).toBe('rejected');
    const events = (await env.store.readStream(paymentStreamId(paymentId))).map((e) => e as unknown as PaymentEvent);
    const state = events.reduce(paymentDecider.evolve, paymentDecider.initialState());
    if (state.status !== 'settled') throw new Error('still settled');
    expect(state.refunds.reservedMinor).toBe(0n);
    expect(events.at(-1)?.type).toBe('PaymentRefundReleased');
    expect((await decide(created.body.id, 'boss-2', 'approve')).body.code).toBe('refund_not_awaiting_approval');
  });
});
