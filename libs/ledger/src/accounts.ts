/**
 * The chart of accounts. Account codes are stable strings; per-channel and per-party accounts are
 * built from a prefix and an id so a trial balance can group them.
 */
export const ACCOUNT_TYPES = ['asset', 'liability', 'expense', 'revenue', 'equity'] as const;
export type AccountType = (typeof ACCOUNT_TYPES)[number];

export const CHART = {
  payerReceivable: { prefix: 'assets:receivable:payer', type: 'asset' },
  channelClearing: { prefix: 'assets:clearing:channel', type: 'asset' },
  bankSettlement: { prefix: 'assets:bank:settlement', type: 'asset' },
  merchantPayable: { prefix: 'liabilities:payable:merchant', type: 'liability' },
  feeExpense: { prefix: 'expenses:fees:channel', type: 'expense' },
} as const satisfies Record<string, { prefix: string; type: AccountType }>;

export type ChartEntry = keyof typeof CHART;

export const account = (entry: ChartEntry, id: string): string => `${CHART[entry].prefix}:${id}`;
