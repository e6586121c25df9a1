import { type LifecycleCommand } from '@pl/domain';
import { type AppendOptions, type AppendResult, type EventData, type EventStore } from '@pl/event-store';
import { systemClock } from '@pl/runtime';
import { BankOutcomes } from './payments/bank-outcomes';
import { orderNumber } from './payments/order-number';
import { PaymentCommands } from './payments/payment-commands';
import { startOutcomesBed, withMethod, type OutcomesBed } from './testing/outcomes-bed';

/**
 * The real event store, with one hook: before the first append of an event of `type`, `race` runs
 * (what another process did between this one's read and its append); the append then goes on and
 * meets the stream as the race left it.
 */
function racingStore(store: EventStore, type: string, race: () => Promise<void>): { store: EventStore; raced: () => number } {
  let raced = 0;
  const racing = withMethod(store, 'append', (append) => async (streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> => {
    if (raced === 0 && events.some((e) => e.type === type)) {
      raced += 1;
      await race();
    }
    return append(streamId, events, options);
  });
  return { store: racing, raced: () => raced };
}

describe('a bank outcome racing a change to its payment', () => {
  let bed: OutcomesBed;

  beforeAll(async () => {
    bed = await startOutcomesBed('bc_race');
  });
  afterAll(() => bed?.close());

  /** Requested, approved, routed to `channel` on attempt 1 and submitted there, as the services would. */
  async function submittedPayment(channel: string): Promise<string> {
    const paymentId = await bed.routedPayment(channel);
    const at = new Date().toISOString();
    await bed.append(paymentId, { type: 'SubmitToBank', data: { paymentId, channel, attempt: 1, bankRequestId: orderNumber(paymentId, 1), submittedAt: at } }, 'submit-1');
    return paymentId;
  }

  const outcomesOn = (store: EventStore) => new BankOutcomes(new PaymentCommands(store, systemClock), bed.pending);
  const typesAndAttempts = (paymentId: string) => bed.typesAndAttempts(paymentId);

  it('given attempt 1 submitted to CITIC, when its authorization is applied while attempt 1 fails and attempt 2 is submitted to ICBC between the read and the append, then attempt 2 is not authorized: the outcome is checked again and reported as contradicting the record', async () => {
    const paymentId = await submittedPayment('CITIC');
    const at = new Date().toISOString();
    const { store, raced } = racingStore(bed.runtime.store, 'PaymentAuthorized', async () => {
      await bed.append(paymentId, { type: 'FailPayment', data: { paymentId, attempt: 1, reason: 'bank says it has no such order', failedAt: at } }, 'fail-1');
      await bed.append(paymentId, { type: 'RoutePayment', data: { paymentId, channel: 'ICBC', quotedFeeMinor: 60n, why: ['reroute'], routedAt: at, attempt: 2 } }, 'route-2');
      await bed.append(paymentId, { type: 'SubmitToBank', data: { paymentId, channel: 'ICBC', attempt: 2, bankRequestId: orderNumber(paymentId, 2), submittedAt: at } }, 'submit-2');
    });

    const result = await outcomesOn(store).apply('CITIC', orderNumber(paymentId, 1), { status: 'authorized', bankReference: 'citic_bref_1', at }, 'callback:citic_cb_1');

    expect(raced()).toBe(1);
    expect(result).toBe('contradicts-record');
    expect(await typesAndAttempts(paymentId)).toEqual([
      'PaymentRequested',
      'PaymentRiskAssessed',
      'PaymentRouted 1',
      'PaymentSubmittedToBank 1',
      'PaymentFailed 1',
      'PaymentRouted 2',
      'PaymentSubmittedToBank 2',
    ]);
  });

  it('given attempt 1 submitted, when its authorization is applied while the same authorization lands from a duplicate callback between the read and the append, then it is already done and the payment is authorized once', async () => {
    const paymentId = await submittedPayment('CITIC');
    const at = new Date().toISOString();
    const authorize: LifecycleCommand = { type: 'AuthorizePayment', data: { paymentId, attempt: 1, bankReference: 'citic_bref_1', authorizedAt: at } };
    const { store, raced } = racingStore(bed.runtime.store, 'PaymentAuthorized', async () => void (await bed.append(paymentId, authorize, 'duplicate-callback')));

    const result = await outcomesOn(store).apply('CITIC', orderNumber(paymentId, 1), { status: 'authorized', bankReference: 'citic_bref_1', at }, 'callback:citic_cb_1');

    expect(raced()).toBe(1);
    expect(result).toBe('already-done');
    expect(await typesAndAttempts(paymentId)).toEqual(['PaymentRequested', 'PaymentRiskAssessed', 'PaymentRouted 1', 'PaymentSubmittedToBank 1', 'PaymentAuthorized 1']);
  });
});
