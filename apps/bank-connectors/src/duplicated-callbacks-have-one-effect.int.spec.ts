import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('duplicated callbacks have one effect', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed();
    await bed.sandbox.configure('CMB', { callback: { mode: 'duplicated', times: 3 } });
  });
  afterAll(() => bed?.close());

  it('given CMB sends the same callback three times, when all three arrive, then the payment is authorized and settled once', async () => {
    const paymentId = await bed.routedPayment('CMB');
    await bed.waitForStatus(paymentId, 'settled');

    await bed.sandbox.sandbox.state.callbacks.idle();

    expect(await bed.sandbox.stats('CMB')).toMatchObject({ callbacksSent: 3, callbacksRejected: 0, charges: 1 });
    const events = await bed.events(paymentId);
    expect(typesOf(events).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentAuthorized', 'PaymentSettled']);
    expect(events[4]?.metadata.causationId).toMatch(/^callback:cmb_cb_/);
  });
});
