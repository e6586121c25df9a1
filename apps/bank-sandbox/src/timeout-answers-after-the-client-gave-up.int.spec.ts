import { aSubmission, startTestSandbox, type TestSandbox } from './testing/harness';

describe('a timeout: the bank processes the request but answers after the client has given up', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    await sandbox.configure('ICBC', { timeoutRate: 1, timeoutMs: 1_500, callback: { mode: 'lost' } });
  });
  afterAll(() => sandbox?.close());

  it('leaves a client with a 300 ms timeout without an answer, yet charges; the retry is absorbed', async () => {
    const submission = aSubmission('http://127.0.0.1:9/cb');
    await expect(sandbox.call('ICBC', 'POST', '/payments', submission, { signal: AbortSignal.timeout(300) })).rejects.toThrow();
    expect(await sandbox.stats('ICBC')).toMatchObject({ charges: 1, timeouts: 1 });

    await sandbox.configure('ICBC', { timeoutRate: 0 });
    const retry = await (await sandbox.call('ICBC', 'POST', '/payments', submission)).json();
    expect(retry).toMatchObject({ outcome: 'accepted' });
    expect(await sandbox.stats('ICBC')).toMatchObject({ charges: 1, duplicatesAbsorbed: 1 });
  });

  it('holds health probes too, so a circuit breaker sees consecutive timeouts', async () => {
    await sandbox.configure('ICBC', { timeoutRate: 1, timeoutMs: 1_000 });
    const started = Date.now();
    await expect(sandbox.call('ICBC', 'GET', '/health', undefined, { signal: AbortSignal.timeout(200) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('applies fixed latency, and answers 500 without recording anything at error rate 1', async () => {
    await sandbox.configure('ICBC', { timeoutRate: 0, latency: { fixedMs: 250 } });
    const started = Date.now();
    expect((await sandbox.call('ICBC', 'GET', '/health')).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);

    await sandbox.configure('ICBC', { latency: { fixedMs: 0 }, errorRate: 1 });
    const before = await sandbox.stats('ICBC');
    const res = await sandbox.call('ICBC', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb'));
    expect(res.status).toBe(500);
    expect(await sandbox.stats('ICBC')).toMatchObject({ charges: before.charges, submissions: before.submissions, errors: 1 });
  });
});
