import { signedHeaders } from '@pl/bank-protocol';
import { startTestbed, typesOf, type Testbed } from '../../testing/testbed';
import { settledPayment } from './refunds.fixtures';

describe('refund callbacks are checked like payment callbacks', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 400 });
  });
  afterAll(() => bed?.close());

  it('given BOCOM sends the refund callback three times, then the refund succeeds once', async () => {
    const paymentId = await settledPayment(bed, 'BOCOM');
    await bed.sandbox.configure('BOCOM', { callback: { mode: 'duplicated', times: 3 } });
    const refundId = await bed.approvedRefund(paymentId, 700n);

    await bed.waitForRefund(refundId, 'succeeded');
    await bed.sandbox.sandbox.state.callbacks.idle();

    expect(typesOf(await bed.refundEvents(refundId)).filter((t) => t === 'RefundSucceeded')).toHaveLength(1);
    expect(await bed.sandbox.stats('BOCOM')).toMatchObject({ callbacksRejected: 0 });
  });

  it('given a forged refund callback, then it is refused (401, recorded) and the status query still brings the real outcome', async () => {
    const paymentId = await settledPayment(bed, 'UNIONPAY');
    await bed.sandbox.configure('UNIONPAY', { callback: { mode: 'forged' } });
    const refundId = await bed.approvedRefund(paymentId, 900n);

    const events = await (async () => {
      await bed.waitForRefund(refundId, 'succeeded');
      return bed.refundEvents(refundId);
    })();

    expect(events.at(-1)?.metadata.causationId).toBe(`status:refund-${refundId}:succeeded`);
    const rejected = await bed.query<{ channel: string; reason: string }>('SELECT channel, reason FROM connector_rejected_callbacks');
    expect(rejected).toEqual([{ channel: 'UNIONPAY', reason: 'mismatch' }]);
  });

  it('refuses a refund callback whose order number is not the refund it names (422)', async () => {
    const body = JSON.stringify({ callbackId: 'x1', bankRefundId: 'b1', merchantRefundNo: 'refund-aaa', refundId: 'bbb', status: 'succeeded', occurredAt: new Date().toISOString() });
    const res = await fetch(`${bed.url}/callbacks/ICBC/refunds`, { method: 'POST', headers: { 'content-type': 'application/json', ...signedHeaders(['sandbox-icbc-secret'], body, new Date()) }, body });
    expect(res.status).toBe(422);
    expect(await res.json()).toMatchObject({ type: expect.stringContaining('callback-mismatch') });
  });
});
