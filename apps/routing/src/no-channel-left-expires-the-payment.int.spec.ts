import { failAttempt, paymentEvents, requestAssessedPayment, startRoutingWorld, waitForEvent, type RoutingWorld } from './testing/routing-harness';

describe('no channel left expires the payment', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_exhausted');
  });
  afterAll(() => world.close());

  it('given a wallet payment, when each of the three wallet channels fails in turn, then the payment expires instead of a fourth route', async () => {
    const paymentId = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    const tried: string[] = [];
    for (const attempt of [1, 2, 3]) {
      const routed = await waitForEvent(world.store, paymentId, 'PaymentRouted', (e) => e.data.attempt === attempt);
      tried.push(routed.data.channel);
      await failAttempt(world.store, paymentId, attempt, routed.data.channel);
    }

    const expired = await waitForEvent(world.store, paymentId, 'PaymentExpired');

    expect(tried).toEqual(['ALIPAY', 'WECHAT_PAY', 'UNIONPAY']);
    expect(expired.recorded.metadata.actor).toBe('service:routing');
    const lastFailure = (await paymentEvents(world.store, paymentId)).filter((e) => e.type === 'PaymentFailed').at(-1)!;
    expect(expired.recorded.metadata.causationId).toBe(lastFailure.recorded.eventId);
    expect((await paymentEvents(world.store, paymentId)).filter((e) => e.type === 'PaymentRouted')).toHaveLength(3);
  });
});
