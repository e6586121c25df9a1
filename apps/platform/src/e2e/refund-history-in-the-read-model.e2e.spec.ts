import { randomUUID } from 'node:crypto';
import { paymentDecider, paymentStreamId, type PaymentCommand } from '@pl/domain';
import { handleCommand } from '@pl/event-store';
import { listRoutePolicies } from '@pl/security';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * Reporting shows each payment's refundable amount and refund history: refund events on a settled
 * payment's stream (decided by the payment decider, appended to the real event store, carried by
 * the relay) reach payments_v1 and payment_refunds_v1 through the projector, and the HTTP API.
 */
describe('a payment’s refunds in the read model (embedded)', () => {
  const env = useEmbeddedPlatform('refund_history', ['payments:write', 'payments:read', 'refunds:read']);
  const [paid, released, pending] = [randomUUID(), randomUUID(), randomUUID()];

  const decide = (paymentId: string, command: PaymentCommand) =>
    handleCommand({
      store: env.platform.runtime.store,
      streamId: paymentStreamId(paymentId),
      decider: paymentDecider,
      command,
      context: { correlationId: paymentId, causationId: `test:${command.type}:${randomUUID()}`, actor: 'test', occurredAt: new Date().toISOString() },
    });

  it('lists each refund oldest first with the amounts refunded, pending and refundable', async () => {
    const created = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ amount: '12550' }), { ...env.auth, 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const refundsUrl = `${env.platform.urls.reporting}/v1/payments/${id}/refunds`;

    await eventually(async () => ((await getJson(`${env.platform.urls.reporting}/v1/payments/${id}`, env.auth)).body?.status === 'settled' ? true : undefined), 30_000, 'settled');

    const now = () => new Date().toISOString();
    const ref = (refundId: string) => ({ paymentId: id, refundId });
    const policy = { singleRefundOnly: false, windowMs: 86_400_000 };
    await decide(id, { type: 'ReserveRefund', data: { ...ref(paid), amountMinor: 2000n, requestedAt: now(), policy } });
    await decide(id, { type: 'ReserveRefund', data: { ...ref(released), amountMinor: 3000n, requestedAt: now(), policy } });
    await decide(id, { type: 'CompleteRefund', data: { ...ref(paid), bankRefundId: 'BANK-RF-1', refundedAt: now() } });
    await decide(id, { type: 'ReleaseRefund', data: { ...ref(released), reason: 'bank declined the refund', releasedAt: now() } });
    const last = await decide(id, { type: 'ReserveRefund', data: { ...ref(pending), amountMinor: 1000n, requestedAt: now(), policy } });

    const res = await eventually(async () => {
      const r = await getJson(refundsUrl, env.auth);
      return r.body?.version === Number(last.revision) ? r : undefined;
    }, 20_000, 'the last refund event in the read model');
    expect(res.headers.get('etag')).toBe(`"${last.revision}"`);
    expect(res.body).toMatchObject({ paymentId: id, currency: 'CNY', capturedMinor: '12550', refundedMinor: '2000', pendingMinor: '1000', refundableMinor: '9550' });
    expect(res.body.refunds).toEqual([
      { refundId: paid, amount: '2000', channel: expect.any(String), status: 'refunded', reason: null, bankRefundId: 'BANK-RF-1', reservedAt: expect.any(String), resolvedAt: expect.any(String) },
      { refundId: released, amount: '3000', channel: expect.any(String), status: 'released', reason: 'bank declined the refund', bankRefundId: null, reservedAt: expect.any(String), resolvedAt: expect.any(String) },
      { refundId: pending, amount: '1000', channel: expect.any(String), status: 'pending', reason: null, bankRefundId: null, reservedAt: expect.any(String), resolvedAt: null },
    ]);

    // The payment list carries the same figures on the payment's row.
    const list = await getJson(`${env.platform.urls.reporting}/v1/payments?status=settled`, env.auth);
    expect(list.body.data.find((p: { id: string }) => p.id === id)).toMatchObject({ refunded: '2000', refundPending: '1000', refundable: '9550' });
  });

  it('answers an unknown payment with 404 and a malformed id with 400, as problem bodies', async () => {
    const missing = await getJson(`${env.platform.urls.reporting}/v1/payments/${randomUUID()}/refunds`, env.auth);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(missing.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/not-found', status: 404 });
    const malformed = await getJson(`${env.platform.urls.reporting}/v1/payments/not-a-uuid/refunds`, env.auth);
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('requires the refunds:read scope', async () => {
    const anonymous = await getJson(`${env.platform.urls.reporting}/v1/payments/${randomUUID()}/refunds`);
    expect(anonymous.status).toBe(401);
    const reporting = env.platform.apps().find((a) => a.name === 'reporting')!.app;
    expect(listRoutePolicies(reporting)).toContainEqual(expect.objectContaining({ method: 'GET', path: '/v1/payments/:id/refunds', policy: { scopes: ['refunds:read'] } }));
  });
});
