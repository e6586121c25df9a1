import { createTestDatabase } from '@pl/testing';
import { PostgresSandboxJournal } from './journal';
import { aSubmission, startTestSandbox, type TestSandbox } from './testing/harness';

/**
 * With a journal (the embedded platform keeps one in its database) the sandbox is a bank that does
 * not forget: a second sandbox on the same journal knows every order, refund and decline the first
 * one answered, absorbs their retries without charging again, and never reissues an id. The first
 * is left running, unclosed, as a killed process would leave it: only what it wrote counts.
 */
describe('a sandbox bank started again on its journal remembers what it answered', () => {
  let db: { url: string; drop(): Promise<void> };
  const running: TestSandbox[] = [];
  const start = async () => {
    const sandbox = await startTestSandbox({ journal: new PostgresSandboxJournal(db.url) });
    running.push(sandbox);
    return sandbox;
  };

  beforeAll(async () => {
    db = await createTestDatabase('sandbox_journal');
  });
  afterAll(async () => {
    for (const sandbox of running) await sandbox.close();
    await db?.drop();
  });

  it('given an accepted payment, a partial refund and a decline, when a new sandbox starts on the journal, then it knows all three and charges nothing again', async () => {
    const first = await start();
    await first.configure('CMB', { callback: { mode: 'lost' }, limitMinor: '50000' });
    const paid = aSubmission('http://127.0.0.1:9/cb', { amountMinor: '10000' });
    const declined = aSubmission('http://127.0.0.1:9/cb', { amountMinor: '60000' });
    const refund = { refundId: 'r-1', merchantOrderNo: paid.idempotencyKey, idempotencyKey: 'refund-1', amountMinor: '3000', currency: 'CNY', callbackUrl: 'http://127.0.0.1:9/cb' };
    const accepted = await (await first.call('CMB', 'POST', '/payments', paid)).json();
    expect(accepted).toMatchObject({ outcome: 'accepted' });
    expect(await (await first.call('CMB', 'POST', '/payments', declined)).json()).toEqual({ outcome: 'declined', code: 'limit_exceeded' });
    const refunded = await (await first.call('CMB', 'POST', '/refunds', refund)).json();
    expect(refunded).toMatchObject({ outcome: 'accepted' });
    const order = await (await first.call('CMB', 'GET', `/orders/${paid.idempotencyKey}`)).json();

    const second = await start();

    expect(await (await second.call('CMB', 'GET', `/orders/${paid.idempotencyKey}`)).json()).toEqual(order);
    expect(await (await second.call('CMB', 'GET', `/orders/${declined.idempotencyKey}`)).json()).toMatchObject({ status: 'declined', declineCode: 'limit_exceeded' });
    expect(await (await second.call('CMB', 'GET', `/payments/${accepted.bankRequestId}`)).json()).toMatchObject({ status: 'authorized', refundedMinor: '3000' });
    expect(await (await second.call('CMB', 'GET', '/refund-orders/refund-1')).json()).toMatchObject({ bankRefundId: refunded.bankRefundId, status: 'succeeded' });
    // Retries get the first answers and move no money.
    expect(await (await second.call('CMB', 'POST', '/payments', paid)).json()).toEqual(accepted);
    expect(await (await second.call('CMB', 'POST', '/refunds', refund)).json()).toEqual(refunded);
    expect(await second.stats('CMB')).toMatchObject({ charges: 0, refundsPaid: 0, duplicatesAbsorbed: 2 });
    // What was refunded before the restart still counts against the payment.
    const tooMuch = { ...refund, refundId: 'r-2', idempotencyKey: 'refund-2', amountMinor: '7001' };
    expect(await (await second.call('CMB', 'POST', '/refunds', tooMuch)).json()).toEqual({ outcome: 'declined', code: 'refund_exceeds_remaining' });
  });

  it('given ids issued before the restart, when the new sandbox accepts a payment, then its ids are new ones', async () => {
    const before = running[running.length - 1]!;
    const earlier = aSubmission('http://127.0.0.1:9/cb');
    const earlierAnswer = await (await before.call('ICBC', 'POST', '/payments', earlier)).json();

    const after = await start();
    const later = await (await after.call('ICBC', 'POST', '/payments', aSubmission('http://127.0.0.1:9/cb'))).json();

    const sequenceOf = (id: string) => Number(/_(\d+)$/.exec(id)![1]);
    expect(later.outcome).toBe('accepted');
    expect(sequenceOf(later.bankRequestId)).toBeGreaterThan(sequenceOf(earlierAnswer.bankRequestId));
  });

  it('given an admin reset, when a new sandbox starts on the journal, then it starts from empty books', async () => {
    const before = running[running.length - 1]!;
    const submission = aSubmission('http://127.0.0.1:9/cb');
    await before.call('BOC', 'POST', '/payments', submission);
    expect((await fetch(`${before.base}/sandbox/reset`, { method: 'POST' })).status).toBe(204);

    const after = await start();

    expect((await after.call('BOC', 'GET', `/orders/${submission.idempotencyKey}`)).status).toBe(404);
  });
});
