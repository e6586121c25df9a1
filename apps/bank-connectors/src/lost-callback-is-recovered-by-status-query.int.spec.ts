import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a lost callback is recovered by the status query', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 300 });
    await bed.sandbox.configure('BOC', { callback: { mode: 'lost' } });
  });
  afterAll(() => bed?.close());

  it('given BOC never calls back, when the grace period passes, then the status query authorizes the payment and it settles', async () => {
    const paymentId = await bed.routedPayment('BOC');

    await bed.waitForStatus(paymentId, 'settled');

    const events = await bed.events(paymentId);
    expect(typesOf(events).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentAuthorized', 'PaymentSettled']);
    // Caused by the status query, not by a callback.
    expect(events[4]?.metadata.causationId).toBe(`status:${paymentId}:1:authorized`);
    const stats = await bed.sandbox.stats('BOC');
    expect(stats).toMatchObject({ charges: 1, callbacksSent: 0 });
    expect(stats.statusQueries).toBeGreaterThanOrEqual(1);
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });
});
