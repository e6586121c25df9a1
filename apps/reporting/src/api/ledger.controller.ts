import { Controller, Get, Query } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { RequireScopes } from '@pl/security';
import { ZodValidationPipe } from '@pl/service-kit';

const balancesQuery = z.strictObject({
  account: z.string().max(200).optional(),
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code, e.g. "CNY"').optional(),
});

interface BalanceRow {
  account: string;
  currency: string;
  debit_minor: string;
  credit_minor: string;
}

/** Balances are debit − credit in minor units, as digit strings (a JS number would lose precision). */
const balance = (r: BalanceRow) => ({
  account: r.account,
  currency: r.currency,
  debit: r.debit_minor,
  credit: r.credit_minor,
  balance: (BigInt(r.debit_minor) - BigInt(r.credit_minor)).toString(),
});

@Controller('v1/ledger')
export class LedgerController {
  constructor(private readonly dataSource: DataSource) {}

  @Get('balances')
  @RequireScopes('audit:read')
  async balances(@Query(new ZodValidationPipe(balancesQuery)) query: z.infer<typeof balancesQuery>) {
    const rows = await this.dataSource.query<BalanceRow[]>(
      `SELECT account, currency, debit_minor::text, credit_minor::text FROM account_balances_v1
       WHERE ($1::text IS NULL OR account = $1 OR account LIKE $1 || ':%') AND ($2::text IS NULL OR currency = $2)
       ORDER BY account, currency`,
      [query.account ?? null, query.currency ?? null],
    );
    return { object: 'list' as const, data: rows.map(balance) };
  }

  /** Debits and credits per currency over the whole ledger: in balance when they are equal. */
  @Get('trial-balance')
  @RequireScopes('audit:read')
  async trialBalance() {
    const rows = await this.dataSource.query<BalanceRow[]>(
      `SELECT account, currency, debit_minor::text, credit_minor::text FROM account_balances_v1 ORDER BY currency, account`,
    );
    const byCurrency = new Map<string, { debit: bigint; credit: bigint }>();
    for (const r of rows) {
      const t = byCurrency.get(r.currency) ?? { debit: 0n, credit: 0n };
      byCurrency.set(r.currency, { debit: t.debit + BigInt(r.debit_minor), credit: t.credit + BigInt(r.credit_minor) });
    }
    const totals = [...byCurrency].map(([currency, t]) => ({
      currency,
      debit: t.debit.toString(),
      credit: t.credit.toString(),
      difference: (t.debit - t.credit).toString(),
      balanced: t.debit === t.credit,
    }));
    return { balanced: totals.every((t) => t.balanced), totals, accounts: rows.map(balance) };
  }
}
