import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a bank timeout is retried with the same key and charges once', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ bankTimeoutMs: 300, submitAttempts: 3 });
    // Processes every request, answers only after the connector gave up; no callback either.
    await bed.sandbox.configure('BOCOM', { timeoutRate: 1, timeoutMs: 3_000, callback: { mode: 'lost' } });
  });
  afterAll(() => bed?.close());

  it('given BOCOM times out, when the connector retries, then the bank absorbs the retries, the status query finds the charge and the payment settles', async () => {
    const paymentId = await bed.routedPayment('BOCOM');
    await eventually(async () => ((await bed.sandbox.stats('BOCOM')).submissions >= 3 ? true : undefined), 10_000, 'three tries');
    // Still unresolved: a timeout is never taken for a failure.
    expect(typesOf(await bed.events(paymentId))).not.toContain('PaymentFailed');

    await bed.sandbox.configure('BOCOM', { timeoutRate: 0 });
    await bed.waitForStatus(paymentId, 'settled');

    expect(await bed.sandbox.stats('BOCOM')).toMatchObject({ submissions: 3, duplicatesAbsorbed: 2, charges: 1 });
    expect(typesOf(await bed.events(paymentId)).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentAuthorized', 'PaymentSettled']);
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });
});
