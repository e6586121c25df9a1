import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a routed payment is submitted, authorized by the callback and settled', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed();
  });
  afterAll(() => bed?.close());

  it('given a payment routed to ICBC with a quoted fee of 48, when the bank authorizes it, then it settles for amount − fee', async () => {
    const paymentId = await bed.routedPayment('ICBC', { amountMinor: 12_550n, quotedFeeMinor: 48n });

    const settled = await bed.waitForStatus(paymentId, 'settled');

    const events = await bed.events(paymentId);
    expect(typesOf(events)).toEqual([
      'PaymentRequested',
      'PaymentRiskAssessed',
      'PaymentRouted',
      'PaymentSubmittedToBank',
      'PaymentAuthorized',
      'PaymentSettled',
    ]);
    expect(events[3]?.data).toMatchObject({ channel: 'ICBC', attempt: 1, bankRequestId: `${paymentId}:1` });
    expect(events[5]?.data).toMatchObject({ amountMinor: '12550', feeMinor: '48', settledAmountMinor: '12502', channel: 'ICBC' });
    expect(settled.status === 'settled' && settled.authorization.bankReference).toMatch(/^icbc_bref_/);
    for (const e of events.slice(3)) expect(e.metadata).toMatchObject({ actor: 'service:bank-connectors', correlationId: paymentId });
    expect(await bed.sandbox.stats('ICBC')).toMatchObject({ submissions: 1, charges: 1, callbacksSent: 1, callbacksRejected: 0 });
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });
});
