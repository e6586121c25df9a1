import { eventually } from '@pl/testing';
import { channelCommand, getJson, requestAssessedPayment, startRoutingWorld, waitForEvent, type RoutingWorld } from './testing/routing-harness';

describe('an open circuit is not routed', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_circuit');
  });
  afterAll(() => world.close());

  it('given the connectors open ALIPAY\'s circuit, when a wallet payment is approved, then it is routed to another channel; a restarted router still knows', async () => {
    await channelCommand(world.store, {
      type: 'OpenCircuit',
      data: { channel: 'ALIPAY', reason: '3 consecutive probe timeouts', consecutiveFailures: 3, openedAt: new Date().toISOString() },
    });
    const reader = await world.auth(['payments:read']);
    await eventually(async () => {
      const { body } = await getJson(`${world.url}/v1/channels`, reader);
      return body.channels.find((c: { code: string }) => c.code === 'ALIPAY').state.circuit.status === 'open' ? true : undefined;
    }, 10_000, 'routing to hear of the open circuit');

    const paymentId = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    const routed = await waitForEvent(world.store, paymentId, 'PaymentRouted');
    expect(routed.data.channel).toBe('WECHAT_PAY');
    expect(routed.data.why.at(-1)).toContain('ALIPAY (circuit_open)');

    // A restarted router folds channel-ALIPAY from the store before it routes anything.
    await world.stopRouting();
    await world.restartRouting();
    const next = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    expect((await waitForEvent(world.store, next, 'PaymentRouted')).data.channel).toBe('WECHAT_PAY');
  });
});
