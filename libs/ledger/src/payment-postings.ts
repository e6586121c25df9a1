import { money, parseAmountMinor, type Money, type PaymentAuthorized, type PaymentRefunded, type PaymentSettled } from '@pl/domain';
import { account } from './accounts';
import { assertBalanced, type JournalEntry, type Posting } from './postings';

/**
 * How payment events move money (accounts are described in accounts.ts):
 *
 *   PaymentAuthorized (gross G, channel C, merchant M) — the channel has taken the payer's money
 *   and owes it to us; we hold it for the merchant:
 *     Dr channelClearing:C   G
 *     Cr merchantUnsettled:M G
 *
 *   PaymentSettled (G = paid out P + fee F) — the channel pays P and keeps F; the merchant's
 *   proceeds become payable net of the fee:
 *     Dr bankSettlement:C    P      Cr channelClearing:C   G   (clearing back to zero)
 *     Dr feeExpense:C        F      Cr feeRecovered:M      F   (the fee, borne by the merchant)
 *     Dr merchantUnsettled:M G      Cr merchantPayable:M   P   (unsettled back to zero)
 *
 *   PaymentRefunded (R back to the payer along channel C) — the channel takes R from our settlement
 *   account and the merchant's payable is reduced by R. The fee follows the channel's policy: where it
 *   is kept (the default) the merchant bears it as on the original payment and the fee legs stay as
 *   they were. Where the channel gives back its share Fr of the fee (`feeReturnedMinor`), it takes
 *   only R − Fr from settlement, our fee expense falls by Fr and the merchant gets Fr back:
 *     Dr merchantPayable:M   R − Fr   Cr bankSettlement:C    R − Fr
 *     Dr feeRecovered:M      Fr       Cr feeExpense:C        Fr
 *
 * Reservations and releases of refunds move no money. Every other payment event (requested, risk, routing, submission, decline, failure, expiry)
 * moves no money and posts nothing. Zero legs (a zero fee) are left out.
 * The entry id is derived from the event id: replaying an event yields the same entry, which the
 * ledger's unique entry id turns into a no-op.
 */

/** What postingsFor needs of a stored event; RecordedEvent from the event store fits it. */
export type RecordedLike = Readonly<{ eventId: string; type: string; data: unknown }>;

export const journalEntryId = (eventId: string): string => `journal-${eventId}`;

const leg = (side: Posting['side'], accountCode: string, m: Money): Posting[] =>
  m.amountMinor === 0n ? [] : [{ account: accountCode, side, amountMinor: m.amountMinor, currency: m.currency }];

function authorizationPostings(d: PaymentAuthorized['data']): Posting[] {
  const gross = money(parseAmountMinor(d.amountMinor), d.currency);
  return [...leg('debit', account('channelClearing', d.channel), gross), ...leg('credit', account('merchantUnsettled', d.payeeId), gross)];
}

function settlementPostings(d: PaymentSettled['data']): Posting[] {
  const gross = money(parseAmountMinor(d.amountMinor), d.currency);
  const paid = money(parseAmountMinor(d.settledAmountMinor), d.currency);
  const fee = money(parseAmountMinor(d.feeMinor), d.currency);
  return [
    ...leg('debit', account('bankSettlement', d.channel), paid),
    ...leg('debit', account('feeExpense', d.channel), fee),
    ...leg('credit', account('channelClearing', d.channel), gross),
    ...leg('debit', account('merchantUnsettled', d.payeeId), gross),
    ...leg('credit', account('merchantPayable', d.payeeId), paid),
    ...leg('credit', account('feeRecovered', d.payeeId), fee),
  ];
}

function refundPostings(d: PaymentRefunded['data']): Posting[] {
  const refundMinor = parseAmountMinor(d.amountMinor);
  const returnedMinor = d.feeReturnedMinor === undefined ? 0n : BigInt(d.feeReturnedMinor);
  if (returnedMinor < 0n || returnedMinor > refundMinor) throw new RangeError(`fee returned ${returnedMinor} does not fit a refund of ${refundMinor}`);
  const net = money(refundMinor - returnedMinor, d.currency);
  const returned = money(returnedMinor, d.currency);
  return [
    ...leg('debit', account('merchantPayable', d.payeeId), net),
    ...leg('credit', account('bankSettlement', d.channel), net),
    ...leg('debit', account('feeRecovered', d.payeeId), returned),
    ...leg('credit', account('feeExpense', d.channel), returned),
  ];
}

/**
 * The journal entry a payment event causes, or null when it moves no money. Throws when the
 * event's data cannot make a balanced entry (a corrupt amount): nothing half-posted.
 */
export function postingsFor(event: RecordedLike): JournalEntry | null {
  let postings: Posting[];
  switch (event.type) {
    case 'PaymentAuthorized':
      postings = authorizationPostings(event.data as PaymentAuthorized['data']);
      break;
    case 'PaymentSettled':
      postings = settlementPostings(event.data as PaymentSettled['data']);
      break;
    case 'PaymentRefunded':
      postings = refundPostings(event.data as PaymentRefunded['data']);
      break;
    default:
      return null;
  }
  if (postings.length === 0) return null;
  const entry: JournalEntry = { entryId: journalEntryId(event.eventId), causedByEventId: event.eventId, postings };
  assertBalanced(entry);
  return entry;
}
