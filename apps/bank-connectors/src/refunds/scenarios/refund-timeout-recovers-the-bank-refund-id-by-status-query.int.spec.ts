import { startTestbed, typesOf, type Testbed } from '../../testing/testbed';
import { bankRefunds, settledPayment } from './refunds.fixtures';

describe('a refund whose answer never arrives is recovered by the status query, never sent twice', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 300 });
  });
  afterAll(() => bed?.close());

  it('given BOC processes the refund but answers after our timeout and loses the callback, then the query recovers its refund id and outcome', async () => {
    const paymentId = await settledPayment(bed, 'BOC');
    // Every BOC call from here on is processed, then answered after the client gave up; no callback comes.
    await bed.sandbox.configure('BOC', { timeoutRate: 1, timeoutMs: 1_000, callback: { mode: 'lost' } });
    const refundId = await bed.approvedRefund(paymentId, 3_000n);

    // Submitted (write-ahead), then no answer: not pending, because no bank answer stands behind it yet.
    const submitted = await bed.waitForRefund(refundId, 'submitted');
    expect(submitted.status === 'submitted' && submitted.orderNo).toBe(`refund-${refundId}`);
    await bed.sandbox.configure('BOC', { timeoutRate: 0 });

    const done = await bed.waitForRefund(refundId, 'succeeded', 20_000);

    const events = await bed.refundEvents(refundId);
    expect(typesOf(events)).toEqual(['RefundRequested', 'RefundApproved', 'RefundSubmittedToBank', 'RefundAcceptedByBank', 'RefundSucceeded']);
    expect(events[4]?.metadata.causationId).toBe(`status:refund-${refundId}:succeeded`);
    const atBank = await bankRefunds(bed, 'BOC');
    expect(atBank).toHaveLength(1);
    expect(done.status === 'succeeded' && done.bankRefundId).toMatch(/^boc_ref_/);
    // However many tries reached the bank (a loaded machine changes that), the same key paid once.
    expect(await bed.sandbox.stats('BOC')).toMatchObject({ refunds: 1, refundsPaid: 1 });
  });

  it('given SPDB answers 500 to every refund call (nothing recorded), when it recovers, then the query finds no such refund and it is sent again, once', async () => {
    const paymentId = await settledPayment(bed, 'SPDB');
    await bed.sandbox.configure('SPDB', { errorRate: 1 });
    const refundId = await bed.approvedRefund(paymentId, 500n);
    await bed.waitForRefund(refundId, 'submitted');
    await eventuallyPendingUnknown(bed, `refund-${refundId}`);
    await bed.sandbox.configure('SPDB', { errorRate: 0 });

    await bed.waitForRefund(refundId, 'succeeded', 20_000);

    const atBank = await bankRefunds(bed, 'SPDB');
    expect(atBank.map((r) => [r.idempotencyKey, r.outcome])).toEqual([[`refund-${refundId}`, 'succeeded']]);
    expect((await bed.sandbox.stats('SPDB')).errors).toBeGreaterThanOrEqual(3);
  });
});

async function eventuallyPendingUnknown(bed: Testbed, orderNo: string): Promise<void> {
  for (let i = 0; i < 100; i += 1) {
    const rows = await bed.query<{ answer: string }>(`SELECT answer FROM connector_pending_refunds WHERE order_no = '${orderNo}'`);
    if (rows[0]?.answer === 'unknown') return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`refund order ${orderNo} never became pending with an unknown answer`);
}
