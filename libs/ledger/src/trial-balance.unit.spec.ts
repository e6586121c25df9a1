import { balanceOf, ledgerTotals, trialBalance, type JournalEntry } from '@pl/ledger';

const entries: JournalEntry[] = [
  {
    entryId: 'e1',
    causedByEventId: 'v1',
    postings: [
      { account: 'a', side: 'debit', amountMinor: 100n, currency: 'CNY' },
      { account: 'b', side: 'credit', amountMinor: 100n, currency: 'CNY' },
      { account: 'a', side: 'debit', amountMinor: 7n, currency: 'JPY' },
      { account: 'c', side: 'credit', amountMinor: 7n, currency: 'JPY' },
    ],
  },
  {
    entryId: 'e2',
    causedByEventId: 'v2',
    postings: [
      { account: 'b', side: 'debit', amountMinor: 40n, currency: 'CNY' },
      { account: 'a', side: 'credit', amountMinor: 40n, currency: 'CNY' },
    ],
  },
];

describe('trialBalance', () => {
  it('sums debits minus credits per account and currency, sorted', () => {
    expect(trialBalance(entries)).toEqual([
      { account: 'a', currency: 'CNY', balanceMinor: 60n },
      { account: 'a', currency: 'JPY', balanceMinor: 7n },
      { account: 'b', currency: 'CNY', balanceMinor: -60n },
      { account: 'c', currency: 'JPY', balanceMinor: -7n },
    ]);
  });

  it('sums to zero per currency across the whole ledger', () => {
    expect([...ledgerTotals(trialBalance(entries))]).toEqual([
      ['CNY', 0n],
      ['JPY', 0n],
    ]);
  });

  it('reads one balance, zero for an account never posted', () => {
    const lines = trialBalance(entries);
    expect(balanceOf(lines, 'b', 'CNY')).toBe(-60n);
    expect(balanceOf(lines, 'b', 'JPY')).toBe(0n);
  });

  it('is empty for an empty ledger', () => {
    expect(trialBalance([])).toEqual([]);
  });
});
