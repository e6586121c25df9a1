import { startTestSandbox, type TestSandbox } from './testing/harness';

/** Tests that count charges per payment read the bank's own record: one row per idempotency key. */
describe('the sandbox lists what each channel recorded', () => {
  let sandbox: TestSandbox;
  const base = { currency: 'CNY', methodToken: 'tok', callbackUrl: 'http://127.0.0.1:9/cb' };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    await sandbox.configure('CITIC', { callback: { mode: 'lost' }, limitMinor: '10000' });
  });
  afterAll(() => sandbox?.close());

  it('shows a retried submission once, and a decline as declined', async () => {
    const ok = { ...base, paymentId: 'p-ok', idempotencyKey: 'p-ok:1', amountMinor: '5000' };
    await sandbox.call('CITIC', 'POST', '/payments', ok);
    await sandbox.call('CITIC', 'POST', '/payments', ok);
    await sandbox.call('CITIC', 'POST', '/payments', { ...base, paymentId: 'p-big', idempotencyKey: 'p-big:1', amountMinor: '10001' });
    const listed = (await (await fetch(`${sandbox.base}/sandbox/channels/CITIC/payments`)).json()) as unknown[];
    expect(listed).toEqual([
      { paymentId: 'p-ok', idempotencyKey: 'p-ok:1', amountMinor: '5000', currency: 'CNY', outcome: 'authorized' },
      { paymentId: 'p-big', idempotencyKey: 'p-big:1', amountMinor: '10001', currency: 'CNY', outcome: 'declined' },
    ]);
    expect(await (await fetch(`${sandbox.base}/sandbox/channels/ICBC/payments`)).json()).toEqual([]);
  });
});
