import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a synchronous decline declines the payment', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed();
    await bed.sandbox.configure('CCB', { limitMinor: '10000' });
  });
  afterAll(() => bed?.close());

  it('given CCB limits payments to 100.00, when 125.50 is routed there, then the payment is declined with the bank’s code and nothing is charged', async () => {
    const paymentId = await bed.routedPayment('CCB', { amountMinor: 12_550n });

    await bed.waitForStatus(paymentId, 'declined');

    const events = await bed.events(paymentId);
    expect(typesOf(events).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentDeclined']);
    expect(events[4]?.data).toMatchObject({ channel: 'CCB', attempt: 1, code: 'limit_exceeded' });
    expect(await bed.sandbox.stats('CCB')).toMatchObject({ submissions: 1, declines: 1, charges: 0 });
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });
});
