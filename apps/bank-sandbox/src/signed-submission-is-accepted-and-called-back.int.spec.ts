import { PaymentCallbackSchema, PaymentSubmissionAnswerSchema } from '@pl/bank-protocol';
import { eventually } from '@pl/testing';
import { aSubmission, secretOf, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

describe('a signed submission is accepted and its outcome called back, signed', () => {
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    receiver = await startCallbackReceiver([secretOf('ICBC')]);
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  it('answers accepted with a bankRequestId, then posts one verifiable callback', async () => {
    const submission = aSubmission(receiver.url, { amountMinor: '123456' });
    const res = await sandbox.call('ICBC', 'POST', '/payments', submission);
    expect(res.status).toBe(200);
    const answer = PaymentSubmissionAnswerSchema.parse(await res.json());
    if (answer.outcome !== 'accepted') throw new Error(`expected accepted, got ${answer.code}`);

    const [callback] = await eventually(async () => (receiver.received.length > 0 ? receiver.received : undefined));
    expect(callback?.verification).toEqual({ ok: true });
    expect(PaymentCallbackSchema.parse(callback?.body)).toMatchObject({ bankRequestId: answer.bankRequestId, paymentId: submission.paymentId, status: 'authorized' });

    const status = await (await sandbox.call('ICBC', 'GET', `/payments/${answer.bankRequestId}`)).json();
    expect(status).toMatchObject({ status: 'authorized', amountMinor: '123456', currency: 'CNY', refundedMinor: '0' });
    expect(await sandbox.stats('ICBC')).toMatchObject({ submissions: 1, charges: 1, callbacksSent: 1, callbacksRejected: 0 });
  });

  it('answers health probes on every channel, and 404 for a channel it does not play', async () => {
    const res = await sandbox.call('WECHAT_PAY', 'GET', '/health');
    expect(await res.json()).toEqual({ status: 'up', channel: 'WECHAT_PAY' });
    expect((await fetch(`${sandbox.base}/banks/HSBC/health`)).status).toBe(404);
  });

  it('says pending until the processing time has passed', async () => {
    await sandbox.configure('CCB', { processingMs: 400, callback: { mode: 'lost' } });
    const answer = await (await sandbox.call('CCB', 'POST', '/payments', aSubmission(receiver.url))).json();
    const status = async () => ((await (await sandbox.call('CCB', 'GET', `/payments/${answer.bankRequestId}`)).json()) as { status: string }).status;
    expect(await status()).toBe('pending');
    await eventually(async () => ((await status()) === 'authorized' ? true : undefined));
  });
});
