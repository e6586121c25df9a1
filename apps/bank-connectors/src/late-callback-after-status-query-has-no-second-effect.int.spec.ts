import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a callback arriving after the status query resolved the payment has no second effect', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 200 });
    await bed.sandbox.configure('ABC', { callback: { mode: 'late', delayMs: 1_500 } });
  });
  afterAll(() => bed?.close());

  it('given ABC calls back 1.5 s late, when the status query settled the payment first, then the late callback is acknowledged and changes nothing', async () => {
    const paymentId = await bed.routedPayment('ABC');
    await bed.waitForStatus(paymentId, 'settled');
    const before = await bed.events(paymentId);
    expect(before[4]?.metadata.causationId).toBe(`status:${paymentId}:1:authorized`);

    await bed.sandbox.sandbox.state.callbacks.idle();

    expect(await bed.sandbox.stats('ABC')).toMatchObject({ callbacksSent: 1, callbacksRejected: 0, charges: 1 });
    expect(typesOf(await bed.events(paymentId))).toEqual(typesOf(before));
    expect(typesOf(before).filter((t) => t === 'PaymentAuthorized')).toHaveLength(1);
    await eventually(async () => ((await bed.query('SELECT * FROM connector_pending')).length === 0 ? true : undefined));
  });
});
