import { randomUUID } from 'node:crypto';
import { money, paymentDecider, paymentStreamId } from '@pl/domain';
import { handleCommand } from '@pl/event-store';
import { post, seedSettledPayment, useRefundsService } from '../../testing/refunds-harness';

/** Over-refund, a second refund on a single-refund bank, a closed window, an unsettled or unknown payment. */
describe('refund requests the rules refuse', () => {
  const env = useRefundsService('refunds_rules', { singleRefundChannels: ['ABC'], windowDays: { BOC: 1 } });
  const ask = async (paymentId: string, amount: string, key: string = randomUUID()) =>
    post(`${env.url}/v1/payments/${paymentId}/refunds`, { amount, reason: 'returned' }, { authorization: `Bearer ${await env.token(['refunds:write'])}`, 'idempotency-key': key });

  it('answers 201, then 422 refund_exceeds_captured when the rest does not cover the amount', async () => {
    const paymentId = await seedSettledPayment(env.store, 10_000n);
    const first = await ask(paymentId, '6000');
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ paymentId, amount: '6000', currency: 'CNY', status: 'approved', channel: 'ICBC' });
    const over = await ask(paymentId, '4001');
    expect(over.status).toBe(422);
    expect(over.body).toMatchObject({ code: 'refund_exceeds_captured', refundableMinor: '4000' });
  });

  it('answers the same refund again for the same Idempotency-Key', async () => {
    const paymentId = await seedSettledPayment(env.store, 10_000n);
    const a = await ask(paymentId, '100', 'same-key');
    const b = await ask(paymentId, '100', 'same-key');
    expect(b.status).toBe(201);
    expect(b.body.id).toBe(a.body.id);
  });

  it('answers 422 single_refund_only for a second refund on a single-refund channel', async () => {
    const paymentId = await seedSettledPayment(env.store, 10_000n, 'ABC');
    expect((await ask(paymentId, '100')).status).toBe(201);
    const second = await ask(paymentId, '100');
    expect(second.status).toBe(422);
    expect(second.body.code).toBe('single_refund_only');
  });

  it('answers 422 refund_window_closed after the channel’s window', async () => {
    const paymentId = await seedSettledPayment(env.store, 10_000n, 'BOC', new Date(Date.now() - 2 * 24 * 3600 * 1000));
    const late = await ask(paymentId, '100');
    expect(late.status).toBe(422);
    expect(late.body.code).toBe('refund_window_closed');
  });

  it('answers 422 payment_not_settled for a payment still in flight', async () => {
    const paymentId = randomUUID();
    await handleCommand({
      store: env.store,
      streamId: paymentStreamId(paymentId),
      decider: paymentDecider,
      command: { type: 'RequestPayment', data: { paymentId, amount: money(100n, 'CNY'), payerId: 'p', payeeId: 'm', method: { type: 'card', token: 't', masked: '42' }, orderReference: 'o', metadata: {}, idempotencyKey: 'k', requestedAt: new Date().toISOString() } },
      context: { correlationId: paymentId, causationId: 'seed', actor: 'test', occurredAt: new Date().toISOString() },
    });
    const early = await ask(paymentId, '100');
    expect(early.status).toBe(422);
    expect(early.body.code).toBe('payment_not_settled');
  });

  it('answers 404 for an unknown payment', async () => {
    const unknown = await ask(randomUUID(), '100');
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('payment_not_found');
  });
});
