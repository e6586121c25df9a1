import { eventually } from '@pl/testing';
import { orderNumber } from './payments/order-number';
import { paymentAppender, startTestbed, typesOf, type Testbed } from './testing/testbed';

/**
 * Another instance of the connectors can handle an order's callback while this one is still writing
 * the order's pending row: its removal finds nothing, and the row is left behind. The status poller
 * finds the outcome in the payment's stream when the row comes due, removes the row, and does not
 * ask the bank about an order whose outcome is known.
 */
describe('an outcome applied elsewhere is not asked of the bank', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 1_000 });
    // No callback reaches this instance: the outcome comes from "another instance" below.
    await bed.sandbox.configure('BOC', { callback: { mode: 'lost' } });
  });
  afterAll(() => bed?.close());

  it('given the row written after another instance authorized the order, when the row comes due, then it is removed without a status query', async () => {
    const paymentId = await bed.routedPayment('BOC');
    const orderNo = orderNumber(paymentId, 1);
    await eventually(async () => ((await bed.query(`SELECT order_no FROM connector_pending WHERE order_no = '${orderNo}'`)).length === 1 ? true : undefined), 10_000, 'the pending row');

    // The callback as another instance applied it (its removal of the row came before the row).
    await paymentAppender(bed.runtime.store)(paymentId, { type: 'AuthorizePayment', data: { paymentId, attempt: 1, bankReference: 'boc_bref_elsewhere', authorizedAt: new Date().toISOString() } }, 'callback-elsewhere');

    await bed.waitForStatus(paymentId, 'settled');
    await eventually(async () => ((await bed.query('SELECT order_no FROM connector_pending')).length === 0 ? true : undefined), 10_000, 'the row removed');

    expect(typesOf(await bed.events(paymentId)).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentAuthorized', 'PaymentSettled']);
    expect(await bed.sandbox.stats('BOC')).toMatchObject({ submissions: 1, charges: 1, statusQueries: 0 });
  });
});
