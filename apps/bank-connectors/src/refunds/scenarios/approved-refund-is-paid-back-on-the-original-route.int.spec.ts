import { startTestbed, typesOf, type Testbed } from '../../testing/testbed';
import { bankRefunds, settledPayment } from './refunds.fixtures';

describe('an approved refund goes back through the bank the payment came from', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed();
    await bed.sandbox.configure('ICBC', { processingMs: 100 });
  });
  afterAll(() => bed?.close());

  it('given a settled ICBC payment, when a refund is approved, then it is sent to ICBC for the original order, accepted, called back and succeeds', async () => {
    const paymentId = await settledPayment(bed, 'ICBC');
    const refundId = await bed.approvedRefund(paymentId, 4_000n);

    const done = await bed.waitForRefund(refundId, 'succeeded');

    const events = await bed.refundEvents(refundId);
    expect(typesOf(events)).toEqual(['RefundRequested', 'RefundApproved', 'RefundSubmittedToBank', 'RefundAcceptedByBank', 'RefundSucceeded']);
    expect(events[2]?.data).toMatchObject({ channel: 'ICBC', orderNo: `refund-${refundId}`, paymentOrderNo: `${paymentId}:1`, amountMinor: '4000', currency: 'CNY' });
    // The success came by the signed callback, after the bank's processing time.
    expect(events[4]?.metadata.causationId).toMatch(/^callback:icbc_rcb_/);
    const atBank = await bankRefunds(bed, 'ICBC');
    expect(atBank).toEqual([{ refundId, merchantOrderNo: `${paymentId}:1`, idempotencyKey: `refund-${refundId}`, amountMinor: '4000', currency: 'CNY', outcome: 'succeeded' }]);
    expect(done.status === 'succeeded' && done.bankRefundId).toMatch(/^icbc_ref_/);
    expect(await bed.query('SELECT * FROM connector_pending_refunds')).toEqual([]);
  });

  it('given the bank takes only one refund per order, when a second refund is approved, then the bank declines it and the refund fails with its code', async () => {
    await bed.sandbox.configure('CCB', { singleRefundOnly: true });
    const paymentId = await settledPayment(bed, 'CCB');
    const first = await bed.approvedRefund(paymentId, 1_000n);
    await bed.waitForRefund(first, 'succeeded');
    const second = await bed.approvedRefund(paymentId, 1_000n);

    const failed = await bed.waitForRefund(second, 'failed');

    expect(failed.status === 'failed' && [failed.code, failed.reason, failed.bankRefundId]).toEqual(['refund_not_allowed', 'declined by the bank', null]);
    expect(typesOf(await bed.refundEvents(second))).toEqual(['RefundRequested', 'RefundApproved', 'RefundSubmittedToBank', 'RefundFailed']);
    expect((await bankRefunds(bed, 'CCB')).map((r) => r.outcome)).toEqual(['succeeded', 'declined']);
  });

  it('given the bank fails a refund after accepting it, when its callback says failed, then the refund fails and nothing was paid back', async () => {
    await bed.sandbox.configure('CMB', { refundFailureRate: 1 });
    const paymentId = await settledPayment(bed, 'CMB');
    const refundId = await bed.approvedRefund(paymentId, 2_500n);

    const failed = await bed.waitForRefund(refundId, 'failed');

    expect(typesOf(await bed.refundEvents(refundId))).toEqual(['RefundRequested', 'RefundApproved', 'RefundSubmittedToBank', 'RefundAcceptedByBank', 'RefundFailed']);
    expect(failed.status === 'failed' && failed.bankRefundId).toMatch(/^cmb_ref_/);
    expect(await bed.sandbox.stats('CMB')).toMatchObject({ refunds: 1, refundsPaid: 0 });
  });
});
