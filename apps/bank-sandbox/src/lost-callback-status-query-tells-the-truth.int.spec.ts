import { aSubmission, secretOf, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

describe('when the callback is lost, the status query still tells the truth', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver([secretOf('BOC')]);
    await sandbox.configure('BOC', { callback: { mode: 'lost' } });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('sends nothing, yet answers authorized to the status query', async () => {
    const answer = await (await sandbox.call('BOC', 'POST', '/payments', aSubmission(receiver.url))).json();
    await sandbox.sandbox.state.callbacks.idle();
    expect(receiver.received).toEqual([]);
    const status = await (await sandbox.call('BOC', 'GET', `/payments/${answer.bankRequestId}`)).json();
    expect(status).toMatchObject({ bankRequestId: answer.bankRequestId, status: 'authorized' });
    expect(await sandbox.stats('BOC')).toMatchObject({ charges: 1, callbacksSent: 0 });
  });

  it('reports failed (and no charge) when the bank failed the payment after accepting it', async () => {
    await sandbox.configure('BOC', { asyncFailureRate: 1 });
    const answer = await (await sandbox.call('BOC', 'POST', '/payments', aSubmission(receiver.url))).json();
    expect(answer).toMatchObject({ outcome: 'accepted' });
    const status = await (await sandbox.call('BOC', 'GET', `/payments/${answer.bankRequestId}`)).json();
    expect(status).toMatchObject({ status: 'failed' });
    expect((await sandbox.stats('BOC')).charges).toBe(1);
  });

  it('answers 404 for an id it never issued', async () => {
    expect((await sandbox.call('BOC', 'GET', '/payments/boc_pay_999999')).status).toBe(404);
  });
});
