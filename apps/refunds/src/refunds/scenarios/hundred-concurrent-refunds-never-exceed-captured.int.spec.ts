import { paymentDecider, paymentStreamId, type PaymentEvent } from '@pl/domain';
import { post, seedSettledPayment, useRefundsService } from '../../testing/refunds-harness';

/**
 * 100 refunds of 20.00 (different keys) for one payment of 1,000.00, all at once: the payment
 * stream's expected revision lets exactly 50 through, the rest are told why, and the stream agrees.
 */
describe('100 concurrent refund requests for one payment', () => {
  const env = useRefundsService('refunds_concurrent');

  it('accept refunds up to the captured amount and never beyond it', async () => {
    const paymentId = await seedSettledPayment(env.store, 100_000n);
    const auth = { authorization: `Bearer ${await env.token(['refunds:write'])}` };
    const answers = await Promise.all(
      Array.from({ length: 100 }, (_, i) => post(`${env.url}/v1/payments/${paymentId}/refunds`, { amount: '2000', reason: 'returned' }, { ...auth, 'idempotency-key': `concurrent-${i}` })),
    );
    const accepted = answers.filter((a) => a.status === 201);
    const refused = answers.filter((a) => a.status !== 201);
    const acceptedMinor = accepted.reduce((sum, a) => sum + BigInt(a.body.amount), 0n);
    expect(acceptedMinor).toBeLessThanOrEqual(100_000n);
    for (const r of refused) expect([409, 422]).toContain(r.status);
    expect(refused.filter((r) => r.status === 422).every((r) => r.body.code === 'refund_exceeds_captured')).toBe(true);
    // With enough retries every request is decided: exactly the 50 that fit are accepted.
    expect(accepted).toHaveLength(50);

    const events = (await env.store.readStream(paymentStreamId(paymentId))).map((e) => e as unknown as PaymentEvent);
    const state = events.reduce(paymentDecider.evolve, paymentDecider.initialState());
    if (state.status !== 'settled') throw new Error('the payment must stay settled');
    expect(state.refunds.reservedMinor + state.refunds.refundedMinor).toBe(acceptedMinor);
    expect(events.filter((e) => e.type === 'PaymentRefundReserved')).toHaveLength(accepted.length);
  }, 120_000);
});
