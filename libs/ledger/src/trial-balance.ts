import type { CurrencyCode } from '@pl/domain';
import type { JournalEntry } from './postings';

/** One account's balance in one currency: debits minus credits (so liabilities show negative). */
export type TrialBalanceLine = Readonly<{ account: string; currency: CurrencyCode; balanceMinor: bigint }>;

/**
 * Sums every posting per account and currency, sorted by account then currency. A sound ledger's
 * lines add up to zero per currency: that is the whole-ledger check.
 */
export function trialBalance(entries: readonly JournalEntry[]): TrialBalanceLine[] {
  const sums = new Map<string, { account: string; currency: CurrencyCode; balanceMinor: bigint }>();
  for (const entry of entries) {
    for (const p of entry.postings) {
      const key = `${p.account}\u0000${p.currency}`;
      const line = sums.get(key) ?? { account: p.account, currency: p.currency, balanceMinor: 0n };
      line.balanceMinor += p.side === 'debit' ? p.amountMinor : -p.amountMinor;
      sums.set(key, line);
    }
  }
  return [...sums.values()].sort((a, b) => (a.account === b.account ? a.currency.localeCompare(b.currency) : a.account < b.account ? -1 : 1));
}

/** The balance of one account in one currency (zero when it was never posted). */
export function balanceOf(lines: readonly TrialBalanceLine[], accountCode: string, currency: CurrencyCode): bigint {
  return lines.find((l) => l.account === accountCode && l.currency === currency)?.balanceMinor ?? 0n;
}

/** Sum of all balances per currency: zero for every currency in a balanced ledger. */
export function ledgerTotals(lines: readonly TrialBalanceLine[]): Map<CurrencyCode, bigint> {
  const totals = new Map<CurrencyCode, bigint>();
  for (const l of lines) totals.set(l.currency, (totals.get(l.currency) ?? 0n) + l.balanceMinor);
  return totals;
}
