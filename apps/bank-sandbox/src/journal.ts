import { Pool } from 'pg';
import type { BankChannel, PaymentOutcome, PaymentSubmission, PaymentSubmissionAnswer, RefundSubmission, RefundSubmissionAnswer } from '@pl/bank-protocol';
import type { PaymentRecord, RefundRecord } from './ledger';

/**
 * What the bank's books need to come back after a restart, in the order it happened. A payment's
 * refunded amount is not stored: replaying its refunds gives it again. `reset` is the admin reset.
 */
export type JournalEntry =
  | { readonly kind: 'payment'; readonly record: PaymentRecord }
  | { readonly kind: 'refund'; readonly record: RefundRecord }
  | { readonly kind: 'reset' };

/** The books as last written: the entries in order, and the id sequence reached (callback ids included). */
export interface JournalContents {
  readonly entries: JournalEntry[];
  readonly sequence: number;
}

/**
 * Where the sandbox keeps its books so that, like a real bank, it still knows an order it accepted
 * after it restarts. Without one it keeps them in memory only (tests, the standalone sandbox).
 */
export interface SandboxJournal {
  load(): Promise<JournalContents>;
  /** Appends `entries` and records `sequence`, all or nothing. */
  write(entries: readonly JournalEntry[], sequence: number): Promise<void>;
  close(): Promise<void>;
}

type StoredEntry =
  | { kind: 'payment'; channel: BankChannel; submission: PaymentSubmission; answer: PaymentSubmissionAnswer; accepted?: { bankRequestId: string; outcome: PaymentOutcome; bankReference: string; settlesAt: string; amountMinor: string } }
  | { kind: 'refund'; channel: BankChannel; submission: RefundSubmission; answer: RefundSubmissionAnswer; accepted?: { bankRefundId: string; outcome: 'succeeded' | 'failed'; settlesAt: string } }
  | { kind: 'reset' };

/** JSON for one entry: amounts as decimal strings, instants as ISO 8601. */
function storedEntry(entry: JournalEntry): StoredEntry {
  if (entry.kind === 'reset') return entry;
  if (entry.kind === 'payment') {
    const { channel, submission, answer, accepted } = entry.record;
    if (!accepted) return { kind: 'payment', channel, submission, answer };
    const { bankRequestId, outcome, bankReference, settlesAt, amountMinor } = accepted;
    return { kind: 'payment', channel, submission, answer, accepted: { bankRequestId, outcome, bankReference, settlesAt: settlesAt.toISOString(), amountMinor: amountMinor.toString() } };
  }
  const { channel, submission, answer, accepted } = entry.record;
  if (!accepted) return { kind: 'refund', channel, submission, answer };
  return { kind: 'refund', channel, submission, answer, accepted: { ...accepted, settlesAt: accepted.settlesAt.toISOString() } };
}

function entryOf(stored: StoredEntry): JournalEntry {
  if (stored.kind === 'reset') return stored;
  if (stored.kind === 'payment') {
    const { channel, submission, answer, accepted } = stored;
    if (!accepted) return { kind: 'payment', record: { channel, submission, answer } };
    const record: PaymentRecord = {
      channel,
      submission,
      answer,
      accepted: { ...accepted, settlesAt: new Date(accepted.settlesAt), amountMinor: BigInt(accepted.amountMinor), refundedMinor: 0n, refunds: 0 },
    };
    return { kind: 'payment', record };
  }
  const { channel, submission, answer, accepted } = stored;
  if (!accepted) return { kind: 'refund', record: { channel, submission, answer } };
  return { kind: 'refund', record: { channel, submission, answer, accepted: { ...accepted, settlesAt: new Date(accepted.settlesAt) } } };
}

/**
 * The journal in PostgreSQL: `bank_sandbox_journal` (entries in order) and `bank_sandbox_sequence`
 * (one row). The embedded platform keeps it in its own database, so the simulated bank survives the
 * platform's restart (or SIGKILL) as a real bank survives ours.
 */
export class PostgresSandboxJournal implements SandboxJournal {
  private readonly pool: Pool;

  constructor(connectionString: string) {
    this.pool = new Pool({ connectionString, max: 2 });
    // An idle connection the server closes is replaced on the next query; unhandled, the pool's
    // 'error' event would bring the whole process down.
    this.pool.on('error', () => undefined);
  }

  async load(): Promise<JournalContents> {
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS bank_sandbox_journal (position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, entry jsonb NOT NULL);
      CREATE TABLE IF NOT EXISTS bank_sandbox_sequence (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), sequence bigint NOT NULL)`);
    const { rows } = await this.pool.query<{ entry: StoredEntry }>('SELECT entry FROM bank_sandbox_journal ORDER BY position');
    const sequence = await this.pool.query<{ sequence: string }>('SELECT sequence::text FROM bank_sandbox_sequence');
    return { entries: rows.map((r) => entryOf(r.entry)), sequence: Number(sequence.rows[0]?.sequence ?? 0) };
  }

  async write(entries: readonly JournalEntry[], sequence: number): Promise<void> {
    // One statement, so one transaction: the entries in their order, and the sequence never going back.
    await this.pool.query(
      `WITH appended AS (
         INSERT INTO bank_sandbox_journal (entry) SELECT e.entry FROM unnest($1::jsonb[]) WITH ORDINALITY AS e(entry, n) ORDER BY e.n
       )
       INSERT INTO bank_sandbox_sequence AS s (sequence) VALUES ($2)
       ON CONFLICT (only_row) DO UPDATE SET sequence = GREATEST(s.sequence, EXCLUDED.sequence)`,
      [entries.map((e) => JSON.stringify(storedEntry(e))), sequence],
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}
