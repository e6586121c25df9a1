import { eventually } from '@pl/testing';
import { aSubmission, secretOf, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

describe('a forged callback is signed with the wrong secret, so a correct receiver rejects it', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver([secretOf('WECHAT_PAY')]);
    await sandbox.configure('WECHAT_PAY', { callback: { mode: 'forged' } });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('arrives well-formed but fails verification with mismatch, and the sandbox sees the rejection', async () => {
    await sandbox.call('WECHAT_PAY', 'POST', '/payments', aSubmission(receiver.url));
    const [callback] = await eventually(async () => (receiver.received.length > 0 ? receiver.received : undefined));
    expect(callback!.body).toMatchObject({ status: 'authorized' });
    expect(callback!.verification).toEqual({ ok: false, reason: 'mismatch' });
    await sandbox.sandbox.state.callbacks.idle();
    expect(await sandbox.stats('WECHAT_PAY')).toMatchObject({ callbacksSent: 1, callbacksRejected: 1 });
  });
});
