import { startTestSandbox, type TestSandbox } from './testing/harness';

describe('an amount above the channel per-transaction limit is declined', () => {
  let sandbox: TestSandbox;
  const base = { currency: 'CNY', methodToken: 'tok', callbackUrl: 'http://127.0.0.1:9/cb' };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    // 50 000.00 CNY; above 2^53 minor units elsewhere proves the limit is not compared as a float.
    await sandbox.configure('ALIPAY', { limitMinor: '5000000', callback: { mode: 'lost' } });
    await sandbox.configure('BOCOM', { limitMinor: '9007199254740993', callback: { mode: 'lost' } });
  });
  afterAll(() => sandbox?.close());

  it('declines limit_exceeded above the limit, accepts at it, and charges only the accepted one', async () => {
    const over = await sandbox.call('ALIPAY', 'POST', '/payments', { ...base, paymentId: 'p1', idempotencyKey: 'k1', amountMinor: '5000001' });
    expect(await over.json()).toEqual({ outcome: 'declined', code: 'limit_exceeded' });
    const at = await sandbox.call('ALIPAY', 'POST', '/payments', { ...base, paymentId: 'p2', idempotencyKey: 'k2', amountMinor: '5000000' });
    expect(await at.json()).toMatchObject({ outcome: 'accepted' });
    expect(await sandbox.stats('ALIPAY')).toMatchObject({ declines: 1, charges: 1 });
  });

  it('compares exactly beyond 2^53', async () => {
    const over = await sandbox.call('BOCOM', 'POST', '/payments', { ...base, paymentId: 'p3', idempotencyKey: 'k3', amountMinor: '9007199254740994' });
    expect(await over.json()).toEqual({ outcome: 'declined', code: 'limit_exceeded' });
  });

  it('declines at the configured rate (forced to 1 here)', async () => {
    await sandbox.configure('ALIPAY', { declineRate: 1 });
    const res = await sandbox.call('ALIPAY', 'POST', '/payments', { ...base, paymentId: 'p4', idempotencyKey: 'k4', amountMinor: '100' });
    expect(await res.json()).toEqual({ outcome: 'declined', code: 'do_not_honor' });
  });
});
