import type { CurrencyCode } from '@pl/domain';

/** One leg of a journal entry. Amounts are positive minor units; the side says which way. */
export type Posting = Readonly<{ account: string; side: 'debit' | 'credit'; amountMinor: bigint; currency: CurrencyCode }>;

/** A journal entry is caused by exactly one event, so replaying the event cannot post twice. */
export type JournalEntry = Readonly<{ entryId: string; causedByEventId: string; postings: readonly Posting[] }>;

export class UnbalancedEntryError extends Error {
  override readonly name = 'UnbalancedEntryError';
}

/** Debits equal credits per currency, every amount positive: or the entry is refused whole. */
export function assertBalanced(entry: JournalEntry): void {
  const net = new Map<string, bigint>();
  for (const p of entry.postings) {
    if (p.amountMinor <= 0n) throw new UnbalancedEntryError(`entry ${entry.entryId}: posting amounts must be positive`);
    const signed = p.side === 'debit' ? p.amountMinor : -p.amountMinor;
    net.set(p.currency, (net.get(p.currency) ?? 0n) + signed);
  }
  for (const [currency, sum] of net) {
    if (sum !== 0n) throw new UnbalancedEntryError(`entry ${entry.entryId}: ${currency} is off by ${sum} minor units`);
  }
}
