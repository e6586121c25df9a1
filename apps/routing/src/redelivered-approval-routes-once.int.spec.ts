import { paymentStreamId } from '@pl/domain';
import { PAYMENT_EVENTS_TOPIC, toBusMessage } from '@pl/messaging';
import { failAttempt, paymentEvents, requestAssessedPayment, startRoutingWorld, waitForEvent, type RoutingWorld } from './testing/routing-harness';

describe('a redelivered approval routes once', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_redelivery');
  });
  afterAll(() => world.close());

  it('given a routed payment, when its approval and the failure of attempt 1 are delivered again, then there is one route per attempt', async () => {
    const paymentId = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    const first = await waitForEvent(world.store, paymentId, 'PaymentRouted');
    const approval = (await world.store.readStream(paymentStreamId(paymentId))).find((e) => e.type === 'PaymentRiskAssessed')!;

    // At-least-once delivery: the same message twice more, on the payment's key (its partition, in order).
    await world.bus.publish(PAYMENT_EVENTS_TOPIC, [toBusMessage(approval), toBusMessage(approval)]);
    await failAttempt(world.store, paymentId, 1, first.data.channel);
    await waitForEvent(world.store, paymentId, 'PaymentRouted', (e) => e.data.attempt === 2);
    const failure = (await world.store.readStream(paymentStreamId(paymentId))).find((e) => e.type === 'PaymentFailed')!;
    await world.bus.publish(PAYMENT_EVENTS_TOPIC, [toBusMessage(failure), toBusMessage(approval)]);
    // A later event on the same key: once routing has handled it, it has handled the duplicates before it.
    await failAttempt(world.store, paymentId, 2, 'WECHAT_PAY');
    await waitForEvent(world.store, paymentId, 'PaymentRouted', (e) => e.data.attempt === 3);

    const routes = (await paymentEvents(world.store, paymentId)).filter((e) => e.type === 'PaymentRouted');
    expect(routes.map((e) => [e.data.attempt, e.data.channel])).toEqual([
      [1, 'ALIPAY'],
      [2, 'WECHAT_PAY'],
      [3, 'UNIONPAY'],
    ]);
  });
});
