import { listRoutePolicies } from '@pl/security';
import { freePort } from '@pl/testing';
import { startBankSandbox } from './start';
import { aSubmission, startTestSandbox, type TestSandbox } from './testing/harness';

describe('sandbox administration: off unless asked for; reset and seeds make runs repeatable', () => {
  let sandbox: TestSandbox;

  beforeAll(async () => {
    sandbox = await startTestSandbox();
  });
  afterAll(() => sandbox?.close());

  it('has no admin routes when started without admin (as the embedded platform does)', async () => {
    const plain = await startBankSandbox({ port: await freePort(), host: '127.0.0.1', admin: false, logger: false });
    try {
      const base = (await plain.app.getUrl()).replace('[::1]', '127.0.0.1');
      expect((await fetch(`${base}/sandbox/reset`, { method: 'POST' })).status).toBe(404);
      // Bank routes declare their policy: an HMAC request signature, verified by the guard the
      // declaration installs (there is no bearer token between a bank and its clients).
      const routes = listRoutePolicies(plain.app);
      expect(routes.filter((r) => r.path.startsWith('/sandbox'))).toEqual([]);
      expect(routes.filter((r) => r.path.startsWith('/banks/')).map((r) => r.policy)).toEqual(Array(7).fill({ signature: 'bank-hmac-sha256' }));
      // Deny by default here too (the embedded platform's route check lists its services' apps; the sandbox runs on a thread of its own).
      expect(routes.filter((r) => r.policy === 'none')).toEqual([]);
      expect(routes.filter((r) => r.policy === 'public' && !r.path.startsWith('/health/'))).toEqual([]);
    } finally {
      await plain.close();
    }
  });

  it('rejects unknown or out-of-range settings with a 400 problem', async () => {
    const put = (body: unknown) => fetch(`${sandbox.base}/sandbox/channels/ABC`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await put({ declineRate: 2 })).status).toBe(400);
    expect((await put({ lossRate: 0.1 })).status).toBe(400);
    expect((await put({ latency: { minMs: 50, maxMs: 10 } })).status).toBe(400);
    expect((await put({ callback: { mode: 'duplicated', times: 1 } })).status).toBe(400);
    expect((await put({ limitMinor: 100 })).status).toBe(400);
  });

  it('never echoes secrets', async () => {
    const view = await (await fetch(`${sandbox.base}/sandbox/channels/ABC`)).json();
    expect(view).not.toHaveProperty('secret');
    expect(view).toMatchObject({ rotating: false, limitMinor: null, callback: { mode: 'normal' } });
  });

  it('replays the same sequence of outcomes for the same seed', async () => {
    const run = async () => {
      await fetch(`${sandbox.base}/sandbox/reset`, { method: 'POST' });
      await sandbox.configure('CMB', { seed: 42, declineRate: 0.5, callback: { mode: 'lost' } });
      const outcomes: string[] = [];
      for (let i = 0; i < 12; i += 1) {
        outcomes.push((await (await sandbox.call('CMB', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb'))).json()).outcome);
      }
      return outcomes;
    };
    const first = await run();
    expect(first).toContain('accepted');
    expect(first).toContain('declined');
    expect(await run()).toEqual(first);
  });

  it('reset forgets behaviour, books and stats', async () => {
    await sandbox.configure('ABC', { declineRate: 1 });
    await sandbox.call('ABC', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb'));
    expect((await fetch(`${sandbox.base}/sandbox/reset`, { method: 'POST' })).status).toBe(204);
    expect((await sandbox.stats('ABC')).submissions).toBe(0);
    expect(await (await sandbox.call('ABC', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb'))).json()).toMatchObject({ outcome: 'accepted' });
  });
});
