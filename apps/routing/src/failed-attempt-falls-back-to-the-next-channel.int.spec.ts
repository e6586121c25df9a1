import { failAttempt, paymentEvents, requestAssessedPayment, startRoutingWorld, waitForEvent, type RoutingWorld } from './testing/routing-harness';

describe('a failed attempt falls back to the next channel', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_fallback');
  });
  afterAll(() => world.close());

  it('given a wallet payment routed to ALIPAY, when that attempt fails, then attempt 2 goes to the next-best channel not yet tried', async () => {
    const paymentId = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    await waitForEvent(world.store, paymentId, 'PaymentRouted', (e) => e.data.attempt === 1 && e.data.channel === 'ALIPAY');

    await failAttempt(world.store, paymentId, 1, 'ALIPAY');

    const second = await waitForEvent(world.store, paymentId, 'PaymentRouted', (e) => e.data.attempt === 2);
    expect(second.data.channel).toBe('WECHAT_PAY');
    expect(second.data.quotedFeeMinor).toBe('48');
    expect(second.data.why[0]).toMatch(/^route WECHAT_PAY \(attempt 2\): score \d+\.\d, best of 2 candidates, 1 backup left$/);
    expect(second.data.why).toContainEqual(expect.stringMatching(/^runners-up: UNIONPAY \d+\.\d$/));
    expect(second.data.why.at(-1)).toMatch(/ALIPAY \(already_tried\)/);
    const failure = await waitForEvent(world.store, paymentId, 'PaymentFailed');
    expect(second.recorded.metadata.causationId).toBe(failure.recorded.eventId);
    const routes = (await paymentEvents(world.store, paymentId)).filter((e) => e.type === 'PaymentRouted');
    expect(routes.map((e) => e.data)).toMatchObject([{ attempt: 1, channel: 'ALIPAY' }, { attempt: 2, channel: 'WECHAT_PAY' }]);
  });
});
