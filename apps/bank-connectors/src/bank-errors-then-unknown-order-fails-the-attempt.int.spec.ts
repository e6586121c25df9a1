import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('bank errors, then a status query that finds no order, fail the attempt', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ submitAttempts: 3 });
    // HTTP 500 and nothing recorded, every time.
    await bed.sandbox.configure('ALIPAY', { errorRate: 1 });
  });
  afterAll(() => bed?.close());

  it('given ALIPAY answers 500 to every try, when its status query says it has no such order, then the attempt fails (safe to reroute) and nothing was charged', async () => {
    const paymentId = await bed.routedPayment('ALIPAY');
    await eventually(async () => ((await bed.sandbox.stats('ALIPAY')).errors >= 3 ? true : undefined), 10_000, 'three failed tries');
    expect(typesOf(await bed.events(paymentId))).not.toContain('PaymentFailed');

    await bed.sandbox.configure('ALIPAY', { errorRate: 0 });
    await bed.waitForStatus(paymentId, 'failed');

    const events = await bed.events(paymentId);
    expect(typesOf(events).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentFailed']);
    expect(events[4]?.data).toMatchObject({ channel: 'ALIPAY', attempt: 1, reason: expect.stringContaining('no record') });
    expect(await bed.sandbox.stats('ALIPAY')).toMatchObject({ submissions: 0, charges: 0 });
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });
});
