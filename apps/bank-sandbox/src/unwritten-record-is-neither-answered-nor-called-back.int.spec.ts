import { createTestDatabase, eventually } from '@pl/testing';
import { PostgresSandboxJournal, type JournalContents, type JournalEntry, type SandboxJournal } from './journal';
import { aSubmission, secretOf, startCallbackReceiver, startTestSandbox, type CallbackReceiver, type TestSandbox } from './testing/harness';

/** The real journal, with its writes failing while `failing` is set (a database that went away). */
class InterruptibleJournal implements SandboxJournal {
  failing = false;
  constructor(private readonly inner: SandboxJournal) {}
  load(): Promise<JournalContents> {
    return this.inner.load();
  }
  write(entries: readonly JournalEntry[], sequence: number): Promise<void> {
    return this.failing ? Promise.reject(new Error('journal unreachable')) : this.inner.write(entries, sequence);
  }
  close(): Promise<void> {
    return this.inner.close();
  }
}

/**
 * The sandbox tells nothing it has not written: while its journal cannot be written, an accepted
 * submission is answered 500 (processed, unconfirmed: the connector's retry or status query finds
 * out) and its callback is held back. Once the journal takes writes again the record is written (by
 * the held-back callback, or by the next request) and the callback goes out.
 */
describe('a record the sandbox could not write is neither answered nor called back', () => {
  let db: { url: string; drop(): Promise<void> };
  let journal: InterruptibleJournal;
  let sandbox: TestSandbox;
  let receiver: CallbackReceiver;

  beforeAll(async () => {
    db = await createTestDatabase('sandbox_unwritten');
    journal = new InterruptibleJournal(new PostgresSandboxJournal(db.url));
    sandbox = await startTestSandbox({ journal });
    receiver = await startCallbackReceiver([secretOf('ABC')]);
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
    await db?.drop();
  });

  it('given an unwritable journal, when a payment is accepted, then 500 and no callback; once writable, the retry is answered, the callback sent once, and the order survives a restart', async () => {
    const submission = aSubmission(receiver.url);
    journal.failing = true;

    const refused = await sandbox.call('ABC', 'POST', '/payments', submission);

    expect(refused.status).toBe(500);
    expect(await refused.json()).toMatchObject({ type: expect.stringContaining('bank-error') });
    await new Promise((r) => setTimeout(r, 300));
    expect(receiver.received).toEqual([]);

    journal.failing = false;
    const retried = await sandbox.call('ABC', 'POST', '/payments', submission);
    expect(retried.status).toBe(200);
    expect(await retried.json()).toMatchObject({ outcome: 'accepted' });
    expect(await sandbox.stats('ABC')).toMatchObject({ charges: 1, duplicatesAbsorbed: 1 });
    await eventually(async () => (receiver.received.length > 0 ? true : undefined), 5_000, 'the held-back callback');
    expect(receiver.received.map((c) => [c.body['merchantOrderNo'], c.body['status'], c.verification.ok])).toEqual([[submission.idempotencyKey, 'authorized', true]]);

    const restarted = await startTestSandbox({ journal: new PostgresSandboxJournal(db.url) });
    try {
      expect(await (await restarted.call('ABC', 'GET', `/orders/${submission.idempotencyKey}`)).json()).toMatchObject({ status: 'authorized' });
    } finally {
      await restarted.close();
    }
  });
});
