/**
 * The chart of accounts. Account codes are stable strings; per-channel and per-party accounts are
 * built from a prefix and an id so a trial balance can group them.
 *
 * What each account means (from the platform's point of view, collecting for merchants):
 * - channelClearing (asset): what a channel (bank, wallet) owes us for payments it authorized and
 *   has not yet paid out. Back to zero once every authorized payment has settled.
 * - bankSettlement (asset): cash a channel has paid into our settlement account.
 * - feeExpense (expense): what a channel kept as its fee; per channel, so its real cost is visible.
 * - merchantUnsettled (liability): gross proceeds held for a merchant while the channel still owes
 *   them to us; not yet payable, since an authorization may still fail to settle.
 * - merchantPayable (liability): what we owe a merchant now: its proceeds net of channel fees.
 * - feeRecovered (revenue): the channel fees recovered from merchants by paying them out net; it
 *   offsets feeExpense in the P&L while keeping both sides visible (gross presentation).
 * - payerReceivable (asset): reserved for payer-side debts (e.g. chargebacks); no payment event posts it yet.
 */
export const ACCOUNT_TYPES = ['asset', 'liability', 'expense', 'revenue', 'equity'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const CHART = {
  payerReceivable: { prefix: 'assets:receivable:payer', type: 'asset' },
  channelClearing: { prefix: 'assets:clearing:channel', type: 'asset' },
  bankSettlement: { prefix: 'assets:bank:settlement', type: 'asset' },
  merchantUnsettled: { prefix: 'liabilities:unsettled:merchant', type: 'liability' },
  merchantPayable: { prefix: 'liabilities:payable:merchant', type: 'liability' },
  feeExpense: { prefix: 'expenses:fees:channel', type: 'expense' },
  feeRecovered: { prefix: 'revenue:fees:recovered:merchant', type: 'revenue' },
} as const satisfies Record<string, { prefix: string; type: AccountType }>;

export type ChartEntry = keyof typeof CHART;

export const account = (entry: ChartEntry, id: string): string => `${CHART[entry].prefix}:${id}`;
