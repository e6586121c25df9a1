import { startTestSandbox, type TestSandbox } from './testing/harness';

describe('a retry with the same idempotency key never charges twice', () => {
  let sandbox: TestSandbox;
  const submission = { paymentId: 'pay-r', idempotencyKey: 'idem-r', amountMinor: '5000', currency: 'CNY', methodToken: 'tok', callbackUrl: 'http://127.0.0.1:9/cb' };

  beforeAll(async () => {
    sandbox = await startTestSandbox();
    // No receiver: callbacks fail, which must not matter to idempotency.
    await sandbox.configure('CMB', { callback: { mode: 'lost' } });
  });
  afterAll(() => sandbox?.close());

  it('returns the same bankRequestId to every retry and counts one charge', async () => {
    const answers = [];
    for (let i = 0; i < 3; i += 1) answers.push(await (await sandbox.call('CMB', 'POST', '/payments', submission)).json());
    expect(answers[0]).toMatchObject({ outcome: 'accepted' });
    expect(answers[1]).toEqual(answers[0]);
    expect(answers[2]).toEqual(answers[0]);
    expect(await sandbox.stats('CMB')).toMatchObject({ submissions: 3, charges: 1, duplicatesAbsorbed: 2 });
  });

  it('absorbs concurrent retries too', async () => {
    const again = { ...submission, paymentId: 'pay-c', idempotencyKey: 'idem-c' };
    const answers = await Promise.all(
      [1, 2, 3, 4].map(async () => (await (await sandbox.call('CMB', 'POST', '/payments', again)).json()) as { bankRequestId: string }),
    );
    expect(new Set(answers.map((a) => a.bankRequestId)).size).toBe(1);
    expect((await sandbox.stats('CMB')).charges).toBe(2);
  });

  it('refuses the same key for a different amount with 409', async () => {
    const res = await sandbox.call('CMB', 'POST', '/payments', { ...submission, amountMinor: '5001' });
    expect(res.status).toBe(409);
    expect((await sandbox.stats('CMB')).charges).toBe(2);
  });

  it('keeps key spaces per channel: the same key at another bank is another payment', async () => {
    expect(await (await sandbox.call('SPDB', 'POST', '/payments', submission)).json()).toMatchObject({ outcome: 'accepted' });
    expect((await sandbox.stats('SPDB')).charges).toBe(1);
  });
});
