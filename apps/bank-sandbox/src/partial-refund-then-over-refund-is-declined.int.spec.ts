import { aSubmission, startTestSandbox, type TestSandbox } from './testing/harness';

describe('refunds: partial ones are accepted, one above the remaining amount is declined', () => {
  let sandbox: TestSandbox;
  let bankRequestId: string;
  const refund = (key: string, amountMinor: string) => ({ refundId: `r-${key}`, bankRequestId, idempotencyKey: key, amountMinor, currency: 'CNY' });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    await sandbox.configure('CCB', { callback: { mode: 'lost' } });
    bankRequestId = (await (await sandbox.call('CCB', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb', { amountMinor: '10000' }))).json()).bankRequestId;
  });
  afterAll(() => sandbox?.close());

  it('accepts 3000 then 7000, declines 1 more, and the status shows 10000 refunded', async () => {
    const first = await (await sandbox.call('CCB', 'POST', '/refunds', refund('a', '3000'))).json();
    expect(first).toMatchObject({ outcome: 'accepted' });
    // A retry of the first refund is absorbed, not refunded twice.
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('a', '3000'))).json()).toEqual(first);
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('b', '7001'))).json()).toEqual({ outcome: 'declined', code: 'refund_exceeds_remaining' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('c', '7000'))).json()).toMatchObject({ outcome: 'accepted' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('d', '1'))).json()).toEqual({ outcome: 'declined', code: 'refund_exceeds_remaining' });

    const status = await (await sandbox.call('CCB', 'GET', `/payments/${bankRequestId}`)).json();
    expect(status.refundedMinor).toBe('10000');
    const refundStatus = await (await sandbox.call('CCB', 'GET', `/refunds/${first.bankRefundId}`)).json();
    expect(refundStatus).toEqual({ bankRefundId: first.bankRefundId, refundId: 'r-a', bankRequestId, status: 'succeeded', amountMinor: '3000', currency: 'CNY' });
    expect(await sandbox.stats('CCB')).toMatchObject({ refunds: 2, refundDeclines: 2 });
  });

  it('declines refunds of unknown payments, in another currency, or a second one where the bank allows one', async () => {
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', { ...refund('e', '1'), bankRequestId: 'nope' })).json()).toEqual({ outcome: 'declined', code: 'unknown_payment' });
    await sandbox.configure('CCB', { singleRefundOnly: true });
    const other = (await (await sandbox.call('CCB', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb', { amountMinor: '500' }))).json()).bankRequestId;
    const on = (key: string, amountMinor: string, currency = 'CNY') => ({ ...refund(key, amountMinor), bankRequestId: other, currency });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', on('f', '100', 'USD'))).json()).toEqual({ outcome: 'declined', code: 'currency_mismatch' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', on('g', '100'))).json()).toMatchObject({ outcome: 'accepted' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', on('h', '100'))).json()).toEqual({ outcome: 'declined', code: 'refund_not_allowed' });
  });
});
