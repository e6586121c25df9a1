import { aSubmission, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

describe('refunds: partial ones are accepted, one above the remaining amount is declined', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;
  let orderNo: string;
  const refund = (key: string, amountMinor: string) => ({ refundId: `r-${key}`, merchantOrderNo: orderNo, idempotencyKey: key, amountMinor, currency: 'CNY', callbackUrl: receiver.url });

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver(['sandbox-ccb-secret']);
    await sandbox.configure('CCB', { callback: { mode: 'lost' } });
    const payment = aSubmission('http://127.0.0.1:9/cb', { amountMinor: '10000' });
    orderNo = payment.idempotencyKey;
    await sandbox.call('CCB', 'POST', '/payments', payment);
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('accepts 3000 then 7000, declines 1 more, and the status shows 10000 refunded', async () => {
    const first = await (await sandbox.call('CCB', 'POST', '/refunds', refund('a', '3000'))).json();
    expect(first).toMatchObject({ outcome: 'accepted' });
    // A retry of the first refund is absorbed, not refunded twice.
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('a', '3000'))).json()).toEqual(first);
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('b', '7001'))).json()).toEqual({ outcome: 'declined', code: 'refund_exceeds_remaining' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('c', '7000'))).json()).toMatchObject({ outcome: 'accepted' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', refund('d', '1'))).json()).toEqual({ outcome: 'declined', code: 'refund_exceeds_remaining' });

    const order = await (await sandbox.call('CCB', 'GET', `/orders/${orderNo}`)).json();
    const status = await (await sandbox.call('CCB', 'GET', `/payments/${order.bankRequestId}`)).json();
    expect(status.refundedMinor).toBe('10000');
    const refundStatus = await (await sandbox.call('CCB', 'GET', `/refunds/${first.bankRefundId}`)).json();
    expect(refundStatus).toEqual({ bankRefundId: first.bankRefundId, refundId: 'r-a', merchantOrderNo: orderNo, status: 'succeeded', amountMinor: '3000', currency: 'CNY' });
    expect(await sandbox.stats('CCB')).toMatchObject({ refunds: 2, refundsPaid: 2, refundDeclines: 2 });
  });

  it('answers a status query by our refund order number, the declined ones too, and 404 for one it never recorded', async () => {
    const byOrder = await (await sandbox.call('CCB', 'GET', '/refund-orders/a')).json();
    expect(byOrder).toMatchObject({ merchantRefundNo: 'a', refundId: 'r-a', status: 'succeeded', declineCode: null, amountMinor: '3000' });
    expect(byOrder.bankRefundId).toMatch(/^ccb_ref_/);
    expect(await (await sandbox.call('CCB', 'GET', '/refund-orders/b')).json()).toMatchObject({ status: 'declined', declineCode: 'refund_exceeds_remaining', bankRefundId: null });
    expect((await sandbox.call('CCB', 'GET', '/refund-orders/never-sent')).status).toBe(404);
  });

  it('declines refunds of unknown payments, in another currency, or a second one where the bank allows one', async () => {
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', { ...refund('e', '1'), merchantOrderNo: 'nope' })).json()).toEqual({ outcome: 'declined', code: 'unknown_payment' });
    await sandbox.configure('CCB', { singleRefundOnly: true });
    const other = aSubmission('http://127.0.0.1:9/cb', { amountMinor: '500' });
    await sandbox.call('CCB', 'POST', '/payments', other);
    const on = (key: string, amountMinor: string, currency = 'CNY') => ({ ...refund(key, amountMinor), merchantOrderNo: other.idempotencyKey, currency });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', on('f', '100', 'USD'))).json()).toEqual({ outcome: 'declined', code: 'currency_mismatch' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', on('g', '100'))).json()).toMatchObject({ outcome: 'accepted' });
    expect(await (await sandbox.call('CCB', 'POST', '/refunds', on('h', '100'))).json()).toEqual({ outcome: 'declined', code: 'refund_not_allowed' });
  });
});

describe('a refund is called back, signed, once processed; a failed one pays nothing back', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver(['sandbox-icbc-secret']);
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('posts succeeded for a paid refund and failed for a failed one, with our refund order number', async () => {
    const payment = aSubmission(receiver.url, { amountMinor: '900' });
    await sandbox.call('ICBC', 'POST', '/payments', payment);
    await sandbox.configure('ICBC', { processingMs: 50 });
    const refund = (key: string) => ({ refundId: `rf-${key}`, merchantOrderNo: payment.idempotencyKey, idempotencyKey: key, amountMinor: '600', currency: 'CNY', callbackUrl: receiver.url });
    const ok = await (await sandbox.call('ICBC', 'POST', '/refunds', refund('ok'))).json();
    expect(await (await sandbox.call('ICBC', 'GET', '/refund-orders/ok')).json()).toMatchObject({ status: 'pending', bankRefundId: ok.bankRefundId });
    await sandbox.configure('ICBC', { refundFailureRate: 1 });
    // 600 of 900 is paid back; a refund of the other 300 is accepted, then fails (it uses up nothing) ...
    const failed = await (await sandbox.call('ICBC', 'POST', '/refunds', { ...refund('fails'), amountMinor: '300' })).json();
    expect(failed).toMatchObject({ outcome: 'accepted' });
    await sandbox.sandbox.state.callbacks.idle();
    const refundCallbacks = receiver.received.filter((c) => typeof c.body['merchantRefundNo'] === 'string');
    expect(refundCallbacks.map((c) => [c.body['merchantRefundNo'], c.body['status'], c.body['bankRefundId'], c.verification.ok])).toEqual([
      ['ok', 'succeeded', ok.bankRefundId, true],
      ['fails', 'failed', failed.bankRefundId, true],
    ]);
    // ... and what is left is still 300.
    await sandbox.configure('ICBC', { refundFailureRate: 0 });
    expect(await (await sandbox.call('ICBC', 'POST', '/refunds', { ...refund('rest'), amountMinor: '301' })).json()).toEqual({ outcome: 'declined', code: 'refund_exceeds_remaining' });
    expect(await (await sandbox.call('ICBC', 'POST', '/refunds', { ...refund('rest2'), amountMinor: '300' })).json()).toMatchObject({ outcome: 'accepted' });
    expect(await sandbox.stats('ICBC')).toMatchObject({ refunds: 3, refundsPaid: 2, refundDeclines: 1 });
  });
});
