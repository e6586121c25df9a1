import { type PaymentCommand, paymentStreamId } from '@pl/domain';
import { systemClock } from '@pl/runtime';
import { BankOutcomes } from './payments/bank-outcomes';
import { orderNumber } from './payments/order-number';
import { PaymentCommands } from './payments/payment-commands';
import { countingReads, startOutcomesBed, type OutcomesBed } from './testing/outcomes-bed';

/**
 * A bank's callback for a submission this process made is decided on the stream as its own
 * SubmitToBank left it, without reading it again. That view may be stale (another instance may have
 * appended since): the outcome's append expects its revision, so a stale view conflicts, the stream
 * is read, and the outcome is judged on the stream as it is.
 */
describe('a callback for a submission this process made is applied on the stream as it left it', () => {
  let bed: OutcomesBed;

  beforeAll(async () => {
    bed = await startOutcomesBed('bc_held');
  });
  afterAll(() => bed?.close());

  /** Requested, approved and routed to CITIC by others; submitted by `payments`, on the stream as it was delivered. */
  async function submittedBy(payments: PaymentCommands): Promise<string> {
    const paymentId = await bed.routedPayment('CITIC');
    const delivered = await bed.runtime.store.readStream(paymentStreamId(paymentId));
    const submit: PaymentCommand = { type: 'SubmitToBank', data: { paymentId, channel: 'CITIC', attempt: 1, bankRequestId: orderNumber(paymentId, 1), submittedAt: new Date().toISOString() } };
    expect(await payments.applyOnKnown(submit, 'routed-event', delivered)).toMatchObject({ status: 'submitted' });
    return paymentId;
  }
  const types = (paymentId: string) => bed.typesAndAttempts(paymentId);

  it('given this process submitted attempt 1, when its authorization comes, then it is appended without reading the stream', async () => {
    const { store, reads } = countingReads(bed.runtime.store);
    const payments = new PaymentCommands(store, systemClock);
    const paymentId = await submittedBy(payments);
    const before = reads();

    const result = await new BankOutcomes(payments, bed.pending).apply('CITIC', orderNumber(paymentId, 1), { status: 'authorized', bankReference: 'citic_bref_1', at: new Date().toISOString() }, 'callback:citic_cb_1');

    expect(result).toBe('appended');
    expect(reads() - before).toBe(0);
    expect(await types(paymentId)).toEqual(['PaymentRequested', 'PaymentRiskAssessed', 'PaymentRouted 1', 'PaymentSubmittedToBank 1', 'PaymentAuthorized 1']);
  });

  it('given another instance failed attempt 1 and submitted attempt 2 since, when attempt 1 is authorized, then the stream is read and attempt 2 is not authorized', async () => {
    const { store, reads } = countingReads(bed.runtime.store);
    const payments = new PaymentCommands(store, systemClock);
    const paymentId = await submittedBy(payments);
    const at = new Date().toISOString();
    await bed.append(paymentId, { type: 'FailPayment', data: { paymentId, attempt: 1, reason: 'no answer, and no record at the bank', failedAt: at } }, 'fail-1');
    await bed.append(paymentId, { type: 'RoutePayment', data: { paymentId, channel: 'ICBC', quotedFeeMinor: 60n, why: ['reroute'], routedAt: at, attempt: 2 } }, 'route-2');
    await bed.append(paymentId, { type: 'SubmitToBank', data: { paymentId, channel: 'ICBC', attempt: 2, bankRequestId: orderNumber(paymentId, 2), submittedAt: at } }, 'submit-2');
    const before = reads();

    const result = await new BankOutcomes(payments, bed.pending).apply('CITIC', orderNumber(paymentId, 1), { status: 'authorized', bankReference: 'citic_bref_1', at }, 'callback:citic_cb_1');

    expect(result).toBe('contradicts-record');
    expect(reads() - before).toBe(1);
    expect(await types(paymentId)).toEqual([
      'PaymentRequested',
      'PaymentRiskAssessed',
      'PaymentRouted 1',
      'PaymentSubmittedToBank 1',
      'PaymentFailed 1',
      'PaymentRouted 2',
      'PaymentSubmittedToBank 2',
    ]);
  });
});
