import { ConnectorStore } from '../../payments/connector-store';
import { startTestbed, typesOf, type Testbed } from '../../testing/testbed';
import { bankRefunds, settledPayment } from './refunds.fixtures';

/**
 * Found by the crash harness: the connectors were killed just as a bank accepted a refund, and the
 * bank's callback was lost. The acceptance was recorded but the order was never asked about again,
 * so the refund stayed "accepted" for good. Here the "crash" is the pending-order write failing at
 * that very moment (the handler fails, the bus delivers RefundApproved again).
 */
describe('a refund the bank accepted just as the connectors failed still ends', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 300 });
  });
  afterAll(() => bed?.close());

  it('given BOC accepts the refund and loses the callback, when the pending-order write fails once, then the status query ends it and the bank pays once', async () => {
    const paymentId = await settledPayment(bed, 'BOC');
    await bed.sandbox.configure('BOC', { callback: { mode: 'lost' } });
    const store = bed.connectors.app.get(ConnectorStore);
    const upsert = store.upsertPendingRefund.bind(store);
    let failed = 0;
    store.upsertPendingRefund = async (row) => {
      if (row.answer === 'accepted' && failed === 0) {
        failed += 1;
        throw new Error('the process died here');
      }
      return upsert(row);
    };

    const refundId = await bed.approvedRefund(paymentId, 2_000n);
    const done = await bed.waitForRefund(refundId, 'succeeded', 20_000);

    expect(failed).toBe(1);
    const events = await bed.refundEvents(refundId);
    expect(typesOf(events)).toEqual(['RefundRequested', 'RefundApproved', 'RefundSubmittedToBank', 'RefundAcceptedByBank', 'RefundSucceeded']);
    // The outcome came from asking the bank (the callback was lost), for the refund the bank holds.
    expect(events[4]?.metadata.causationId).toBe(`status:refund-${refundId}:succeeded`);
    expect(done.status === 'succeeded' && done.bankRefundId).toMatch(/^boc_ref_/);
    // Sent again after the failure with the same key: the bank paid it once.
    expect((await bankRefunds(bed, 'BOC')).map((r) => [r.idempotencyKey, r.outcome])).toEqual([[`refund-${refundId}`, 'succeeded']]);
    expect(await bed.sandbox.stats('BOC')).toMatchObject({ refunds: 1, refundsPaid: 1 });
  });
});
