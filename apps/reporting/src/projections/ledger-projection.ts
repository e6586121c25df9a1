import type { EntityManager } from 'typeorm';
import type { RecordedEvent } from '@pl/event-store';
import { postingsFor } from '@pl/ledger';
import { insertPostings } from '../rebuild/batch-writes';

/** One row of ledger_postings_v1, as the live projection and the rebuild write it. */
export interface PostingRow {
  readonly entryId: string;
  readonly leg: number;
  readonly eventId: string;
  readonly streamId: string;
  readonly account: string;
  readonly side: 'debit' | 'credit';
  /** bigint minor units as a digit string (never a JS number). */
  readonly amountMinor: string;
  readonly currency: string;
  readonly postedAt: string;
}

/** The postings an event causes (none for most events); the entry id derives from the event id. */
export function postingRowsFor(event: RecordedEvent): PostingRow[] {
  const entry = postingsFor(event);
  if (!entry) return [];
  return entry.postings.map((p, leg) => ({
    entryId: entry.entryId,
    leg,
    eventId: event.eventId,
    streamId: event.streamId,
    account: p.account,
    side: p.side,
    amountMinor: p.amountMinor.toString(),
    currency: p.currency,
    postedAt: event.metadata.occurredAt,
  }));
}

/**
 * Posts the journal entry an event causes (if any) and moves the account balances, inside the
 * caller's transaction, so postings, balances, the payment row and the checkpoint commit together.
 * The entry's primary key comes from the event id: a replay cannot post twice.
 * Two statements whatever the number of legs (insertPostings): every projection transaction
 * updates the same few balance rows (clearing, fees), and holds them locked until it commits.
 */
export async function projectLedger(m: EntityManager, event: RecordedEvent): Promise<number> {
  const rows = postingRowsFor(event);
  await insertPostings(m, rows);
  return rows.length;
}
