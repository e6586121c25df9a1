import fc from 'fast-check';
import { account, assertBalanced, balanceOf, ledgerTotals, postingsFor, trialBalance, type JournalEntry } from '@pl/ledger';
import { finalChannel, paymentCase, recordedLifecycle, settledFee } from './ledger-lifecycle.fixtures';

const entriesOf = (events: ReturnType<typeof recordedLifecycle>): JournalEntry[] =>
  events.map(postingsFor).filter((e): e is JournalEntry => e !== null);

describe('ledger postings over random payment lifecycles (property-based)', () => {
  it('every entry balances per currency', () => {
    fc.assert(
      fc.property(paymentCase('p1'), (c) => {
        for (const entry of entriesOf(recordedLifecycle(c))) expect(() => assertBalanced(entry)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('a settled payment leaves clearing and unsettled at zero; cash, fee and payable are exact', () => {
    fc.assert(
      fc.property(paymentCase('p1'), (c) => {
        const lines = trialBalance(entriesOf(recordedLifecycle(c)));
        const ch = finalChannel(c);
        const fee = settledFee(c);
        const expectBalance = (code: string, expected: bigint) => expect(balanceOf(lines, code, c.currency)).toBe(expected);
        if (c.outcome === 'settled') {
          expectBalance(account('channelClearing', ch), 0n);
          expectBalance(account('merchantUnsettled', c.payee), 0n);
          expectBalance(account('bankSettlement', ch), c.amountMinor - fee);
          expectBalance(account('feeExpense', ch), fee);
          expectBalance(account('merchantPayable', c.payee), -(c.amountMinor - fee));
          expectBalance(account('feeRecovered', c.payee), -fee);
        } else if (c.outcome === 'authorized') {
          // In flight: the channel owes the gross until it settles.
          expectBalance(account('channelClearing', ch), c.amountMinor);
        } else {
          expect(lines).toEqual([]); // declined or expired: no money moved
        }
      }),
      { numRuns: 300 },
    );
  });

  it('replaying every event (at-least-once delivery) posts each entry once, keyed by event id', () => {
    fc.assert(
      fc.property(paymentCase('p1'), (c) => {
        const events = recordedLifecycle(c);
        const once = entriesOf(events);
        const byId = new Map(entriesOf([...events, ...events]).map((e) => [e.entryId, e]));
        expect([...byId.values()]).toEqual(once);
      }),
      { numRuns: 100 },
    );
  });

  it('the whole ledger sums to zero per currency, and clearing is zero once everything settled', () => {
    const many = fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 25 }).chain((ids) =>
      fc.tuple(...[...new Set(ids)].map((id) => paymentCase(`p${id}`))),
    );
    fc.assert(
      fc.property(many, (cases) => {
        const lines = trialBalance(cases.flatMap((c) => entriesOf(recordedLifecycle(c))));
        for (const [, total] of ledgerTotals(lines)) expect(total).toBe(0n);
        const inFlight = cases.some((c) => c.outcome === 'authorized');
        if (!inFlight) for (const l of lines.filter((x) => x.account.startsWith('assets:clearing'))) expect(l.balanceMinor).toBe(0n);
      }),
      { numRuns: 100 },
    );
  });
});
