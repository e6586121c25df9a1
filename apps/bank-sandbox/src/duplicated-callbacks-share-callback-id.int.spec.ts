import { eventually } from '@pl/testing';
import { aSubmission, secretOf, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

describe('a duplicated callback arrives N times with the same callbackId', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver([secretOf('CITIC')]);
    await sandbox.configure('CITIC', { callback: { mode: 'duplicated', times: 3 } });
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('delivers three identical, validly signed copies for one charge', async () => {
    const answer = await (await sandbox.call('CITIC', 'POST', '/payments', aSubmission(receiver.url))).json();
    await eventually(async () => (receiver.received.length >= 3 ? true : undefined));
    await sandbox.sandbox.state.callbacks.idle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.body['callbackId'])).size).toBe(1);
    expect(receiver.received.every((r) => r.verification.ok && r.body['bankRequestId'] === answer.bankRequestId)).toBe(true);
    expect(await sandbox.stats('CITIC')).toMatchObject({ charges: 1, callbacksSent: 3 });
  });
});
