import { eventually } from '@pl/testing';
import { aSubmission, secretOf, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

describe('a late callback arrives only after the configured delay', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver([secretOf('UNIONPAY')]);
    await sandbox.configure('UNIONPAY', { callback: { mode: 'late', delayMs: 700 } });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('has the outcome available by status query before the callback comes', async () => {
    const sentAt = Date.now();
    const answer = await (await sandbox.call('UNIONPAY', 'POST', '/payments', aSubmission(receiver.url))).json();
    const status = await (await sandbox.call('UNIONPAY', 'GET', `/payments/${answer.bankRequestId}`)).json();
    expect(status.status).toBe('authorized');
    expect(receiver.received).toEqual([]);

    const [callback] = await eventually(async () => (receiver.received.length > 0 ? receiver.received : undefined));
    expect(callback!.at - sentAt).toBeGreaterThanOrEqual(700);
    expect(callback!.verification).toEqual({ ok: true });
  });
});
