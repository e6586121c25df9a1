import { signedHeaders } from '@pl/bank-protocol';
import { startTestSandbox, type TestSandbox } from './testing/harness';

const submission = { paymentId: 'p', idempotencyKey: 'k', amountMinor: '100', currency: 'CNY', methodToken: 't', callbackUrl: 'http://127.0.0.1:1/cb' };

describe('the sandbox, like a bank, only serves requests signed with the channel secret', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox?.close());

  it('answers 401 "missing" to an unsigned request, and records nothing', async () => {
    const res = await fetch(`${sandbox.base}/banks/ABC/payments`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(submission) });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ reason: 'missing', status: 401 });
    expect((await fetch(`${sandbox.base}/banks/ABC/health`)).status).toBe(401);
    expect((await sandbox.stats('ABC')).submissions).toBe(0);
  });

  it('answers 401 "mismatch" to a request signed with another secret (another channel\'s, too)', async () => {
    expect((await sandbox.call('ABC', 'POST', '/payments', submission, { secrets: ['someone-elses-secret-123'] })).status).toBe(401);
    expect((await sandbox.call('ABC', 'POST', '/payments', submission, { secrets: ['sandbox-boc-secret'] })).status).toBe(401);
  });

  it('answers 401 when the body was changed after signing', async () => {
    const headers = signedHeaders(['sandbox-abc-secret'], JSON.stringify(submission), new Date());
    const tampered = JSON.stringify({ ...submission, amountMinor: '1' });
    const res = await fetch(`${sandbox.base}/banks/ABC/payments`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: tampered });
    expect(res.status).toBe(401);
  });

  it('accepts the old and the new secret while a rotation is under way, then only the new', async () => {
    await sandbox.configure('ABC', { secret: 'abc-new-secret-0123456789', previousSecret: 'sandbox-abc-secret' });
    expect((await sandbox.call('ABC', 'GET', '/health', undefined, { secrets: ['sandbox-abc-secret'] })).status).toBe(200);
    expect((await sandbox.call('ABC', 'GET', '/health', undefined, { secrets: ['abc-new-secret-0123456789'] })).status).toBe(200);
    await sandbox.configure('ABC', { previousSecret: null });
    expect((await sandbox.call('ABC', 'GET', '/health', undefined, { secrets: ['sandbox-abc-secret'] })).status).toBe(401);
  });
});
