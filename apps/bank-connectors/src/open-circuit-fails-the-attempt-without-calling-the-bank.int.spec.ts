import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('an open circuit fails the attempt without calling the bank', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ probeIntervalMs: 100, probeTimeoutMs: 100, failureThreshold: 3 });
    await bed.sandbox.configure('UNIONPAY', { timeoutRate: 1, timeoutMs: 5_000 });
    await eventually(async () => ((await bed.channelEvents('UNIONPAY')).length >= 2 ? true : undefined), 10_000, 'the circuit to open');
  });
  afterAll(() => bed?.close());

  it('given UNIONPAY’s circuit is open, when a payment is routed there, then the attempt fails as "circuit open" and the bank never sees it', async () => {
    const paymentId = await bed.routedPayment('UNIONPAY');

    await bed.waitForStatus(paymentId, 'failed');

    const events = await bed.events(paymentId);
    expect(typesOf(events).slice(3)).toEqual(['PaymentFailed']);
    expect(events[3]?.data).toMatchObject({ channel: 'UNIONPAY', attempt: 1, reason: 'circuit open' });
    expect(await bed.sandbox.stats('UNIONPAY')).toMatchObject({ submissions: 0, charges: 0 });
  });
});
