import { account, assertBalanced, postingsFor, type RecordedLike } from '@pl/ledger';

const authorized: RecordedLike = {
  eventId: 'ev-auth-1',
  type: 'PaymentAuthorized',
  data: { paymentId: 'p1', channel: 'WECHAT', attempt: 1, bankReference: 'WX-1', amountMinor: '12550', currency: 'CNY', payeeId: 'm7', authorizedAt: 't' },
};
const settled = (feeMinor: string, settledAmountMinor: string): RecordedLike => ({
  eventId: 'ev-settle-1',
  type: 'PaymentSettled',
  data: { paymentId: 'p1', channel: 'WECHAT', payeeId: 'm7', currency: 'CNY', amountMinor: '12550', settledAmountMinor, feeMinor, settledAt: 't' },
});

describe('postingsFor payment events', () => {
  it('posts an authorization as channel clearing against the merchant’s unsettled proceeds', () => {
    const entry = postingsFor(authorized);
    expect(entry).toEqual({
      entryId: 'journal-ev-auth-1',
      causedByEventId: 'ev-auth-1',
      postings: [
        { account: account('channelClearing', 'WECHAT'), side: 'debit', amountMinor: 12550n, currency: 'CNY' },
        { account: account('merchantUnsettled', 'm7'), side: 'credit', amountMinor: 12550n, currency: 'CNY' },
      ],
    });
  });

  it('posts a settlement: cash and fee expense against clearing; the merchant’s payable is the net', () => {
    const entry = postingsFor(settled('48', '12502'));
    expect(entry?.postings.map((p) => [p.side, p.account, p.amountMinor])).toEqual([
      ['debit', 'assets:bank:settlement:WECHAT', 12502n],
      ['debit', 'expenses:fees:channel:WECHAT', 48n],
      ['credit', 'assets:clearing:channel:WECHAT', 12550n],
      ['debit', 'liabilities:unsettled:merchant:m7', 12550n],
      ['credit', 'liabilities:payable:merchant:m7', 12502n],
      ['credit', 'revenue:fees:recovered:merchant:m7', 48n],
    ]);
    expect(() => assertBalanced(entry!)).not.toThrow();
  });

  it('leaves out zero legs: a fee-free settlement has no fee postings', () => {
    const entry = postingsFor(settled('0', '12550'));
    expect(entry?.postings.some((p) => p.account.includes('fees'))).toBe(false);
    expect(() => assertBalanced(entry!)).not.toThrow();
  });

  it('derives the entry id from the event id, so a replayed event yields the same entry', () => {
    expect(postingsFor(authorized)).toEqual(postingsFor({ ...authorized }));
    expect(postingsFor(authorized)?.entryId).toBe('journal-ev-auth-1');
  });

  it.each(['PaymentRequested', 'PaymentRiskAssessed', 'PaymentRouted', 'PaymentSubmittedToBank', 'PaymentDeclined', 'PaymentFailed', 'PaymentExpired', 'SomethingNew'])(
    'posts nothing for %s: no money moves',
    (type) => {
      expect(postingsFor({ eventId: 'e', type, data: {} })).toBeNull();
    },
  );

  it('refuses an event whose amount is not a digit string rather than posting half of it', () => {
    expect(() => postingsFor({ ...authorized, data: { ...(authorized.data as object), amountMinor: '12.5' } })).toThrow(/digits/);
  });
});
