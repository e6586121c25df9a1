import { PaymentOrderStatusSchema } from '@pl/bank-protocol';
import { aSubmission, startTestSandbox, type TestSandbox } from './testing/harness';

/**
 * The query by our order number (the idempotency key) answers even when the submission's answer
 * never reached the connector: it is how a connector learns whether failing an attempt is safe.
 */
describe('the status query by our order number tells what the bank recorded', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox?.close());

  it('given an accepted submission, when queried by its key, then it answers the outcome with our order number', async () => {
    await sandbox.configure('CMB', { callback: { mode: 'lost' } });
    const submission = aSubmission('http://127.0.0.1:9/cb');
    const answer = await (await sandbox.call('CMB', 'POST', '/payments', submission)).json();

    const res = await sandbox.call('CMB', 'GET', `/orders/${submission.idempotencyKey}`);

    expect(res.status).toBe(200);
    const status = PaymentOrderStatusSchema.parse(await res.json());
    expect(status).toMatchObject({
      merchantOrderNo: submission.idempotencyKey,
      paymentId: submission.paymentId,
      bankRequestId: answer.bankRequestId,
      status: 'authorized',
      declineCode: null,
    });
    expect(status.bankReference).not.toBeNull();
  });

  it('given a sync decline, when queried, then it answers declined with the code', async () => {
    await sandbox.configure('CMB', { limitMinor: '100' });
    const submission = aSubmission('http://127.0.0.1:9/cb');
    await sandbox.call('CMB', 'POST', '/payments', submission);

    const status = await (await sandbox.call('CMB', 'GET', `/orders/${submission.idempotencyKey}`)).json();

    expect(status).toMatchObject({ status: 'declined', declineCode: 'limit_exceeded', bankRequestId: null });
  });

  it('given a submission answered 500, when queried, then 404: the bank recorded nothing', async () => {
    await sandbox.configure('CMB', { limitMinor: null, errorRate: 1 });
    const submission = aSubmission('http://127.0.0.1:9/cb');
    expect((await sandbox.call('CMB', 'POST', '/payments', submission)).status).toBe(500);
    await sandbox.configure('CMB', { errorRate: 0 });

    const res = await sandbox.call('CMB', 'GET', `/orders/${submission.idempotencyKey}`);

    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
  });

  it('given a pending payment, when queried before its processing time, then pending', async () => {
    await sandbox.configure('CMB', { processingMs: 60_000 });
    const submission = aSubmission('http://127.0.0.1:9/cb');
    await sandbox.call('CMB', 'POST', '/payments', submission);

    const status = await (await sandbox.call('CMB', 'GET', `/orders/${submission.idempotencyKey}`)).json();

    expect(status).toMatchObject({ status: 'pending', bankReference: null });
  });
});
