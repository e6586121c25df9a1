import { account, assertBalanced, type JournalEntry } from '@pl/ledger';

const entry = (postings: JournalEntry['postings']): JournalEntry => ({ entryId: 'e1', causedByEventId: 'ev1', postings });

describe('journal entries', () => {
  it('accepts an entry whose debits equal its credits per currency', () => {
    expect(() =>
      assertBalanced(
        entry([
          { account: account('channelClearing', 'ICBC'), side: 'debit', amountMinor: 10000n, currency: 'CNY' },
          { account: account('merchantPayable', 'm1'), side: 'credit', amountMinor: 9950n, currency: 'CNY' },
          { account: account('bankSettlement', 'ICBC'), side: 'credit', amountMinor: 50n, currency: 'CNY' },
        ]),
      ),
    ).not.toThrow();
  });

  it('refuses an entry that is off by one minor unit', () => {
    expect(() =>
      assertBalanced(
        entry([
          { account: 'a', side: 'debit', amountMinor: 100n, currency: 'CNY' },
          { account: 'b', side: 'credit', amountMinor: 99n, currency: 'CNY' },
        ]),
      ),
    ).toThrow(/off by 1/);
  });

  it('refuses an entry that balances only across currencies', () => {
    expect(() =>
      assertBalanced(
        entry([
          { account: 'a', side: 'debit', amountMinor: 100n, currency: 'CNY' },
          { account: 'b', side: 'credit', amountMinor: 100n, currency: 'USD' },
        ]),
      ),
    ).toThrow(/CNY/);
  });
});
