import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@pl/event-store';
import { postingsFor } from '@pl/ledger';

/**
 * Posts the journal entry an event causes (if any) and moves the account balances, inside the
 * caller's transaction, so postings, balances, the payment row and the checkpoint commit together.
 * The entry's primary key comes from the event id: a replay cannot post twice.
 */
export async function projectLedger(m: EntityManager, event: RecordedEvent): Promise<number> {
  const entry = postingsFor(event);
  if (!entry) return 0;
  const postedAt = event.metadata.occurredAt;
  for (const [leg, p] of entry.postings.entries()) {
    await m.query(
      `INSERT INTO ledger_postings_v1 (entry_id, leg, event_id, stream_id, account, side, amount_minor, currency, posted_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [entry.entryId, leg, event.eventId, event.streamId, p.account, p.side, p.amountMinor.toString(), p.currency, postedAt],
    );
    const column = p.side === 'debit' ? 'debit_minor' : 'credit_minor';
    await m.query(
      `INSERT INTO account_balances_v1 (account, currency, ${column}) VALUES ($1, $2, $3)
       ON CONFLICT (account, currency) DO UPDATE SET ${column} = account_balances_v1.${column} + EXCLUDED.${column}`,
      [p.account, p.currency, p.amountMinor.toString()],
    );
  }
  return entry.postings.length;
}
