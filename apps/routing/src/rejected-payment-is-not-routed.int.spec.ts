import { paymentEvents, requestAssessedPayment, startRoutingWorld, waitForEvent, type RoutingWorld } from './testing/routing-harness';

describe('a payment risk did not approve is not routed', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_rejected');
  });
  afterAll(() => world.close());

  it('given payments risk rejected, challenged or sent to review, when routing has caught up, then none of them has a route', async () => {
    const notApproved = [];
    for (const decision of ['reject', 'challenge', 'review'] as const) {
      notApproved.push(await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet', decision }));
    }
    // Several approved payments after them: once each is routed, routing has consumed the topic's earlier
    // messages on every partition they share (4 partitions, so a handful of keys covers them).
    const approved = [];
    for (let i = 0; i < 8; i += 1) approved.push(await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' }));
    for (const id of approved) await waitForEvent(world.store, id, 'PaymentRouted');
    await new Promise((r) => setTimeout(r, 300));

    for (const id of notApproved) {
      const types = (await paymentEvents(world.store, id)).map((e) => e.type);
      expect(types).toEqual(['PaymentRequested', 'PaymentRiskAssessed']);
    }
  });
});
