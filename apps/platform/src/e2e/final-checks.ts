import { BANK_CHANNELS, type BankChannel } from '@pl/bank-protocol';
import type { Client } from 'pg';
import { getJson } from './harness';

/**
 * The checks that close a big run (the 1,000-payment run, the crash harness): what the banks
 * charged against what the log says, and the ledger's trial balance. They return figures and leave
 * the verdict to the caller (a Jest expectation, or the crash harness's report).
 */

export interface BankFaults {
  declines: number;
  errors: number;
  timeouts: number;
  callbacksRejected: number;
  duplicatesAbsorbed: number;
}

export interface BankCharges {
  /** Accepted submissions across all banks. */
  readonly charges: number;
  /** Payments a bank charged more than once (across all banks): payment id → times. */
  readonly chargedTwice: ReadonlyMap<string, number>;
  /** Payment id → times charged, for every payment a bank charged. */
  readonly charged: ReadonlyMap<string, number>;
  /** Refund id → times a bank paid it back (outcome succeeded). */
  readonly refundsPaid: ReadonlyMap<string, number>;
  readonly faults: BankFaults;
}

/** What the sandbox's admin API says every bank charged (SANDBOX_ADMIN=1). */
export async function bankCharges(sandboxUrl: string): Promise<BankCharges> {
  const charged = new Map<string, number>();
  const refundsPaid = new Map<string, number>();
  let charges = 0;
  const faults: BankFaults = { declines: 0, errors: 0, timeouts: 0, callbacksRejected: 0, duplicatesAbsorbed: 0 };
  for (const channel of BANK_CHANNELS as readonly BankChannel[]) {
    const records = (await getJson(`${sandboxUrl}/sandbox/channels/${channel}/payments`)).body as Array<{ paymentId: string; outcome: string }>;
    for (const r of records.filter((x) => x.outcome === 'authorized')) charged.set(r.paymentId, (charged.get(r.paymentId) ?? 0) + 1);
    const refunds = (await getJson(`${sandboxUrl}/sandbox/channels/${channel}/refunds`)).body as Array<{ refundId: string; outcome: string }>;
    for (const r of refunds.filter((x) => x.outcome === 'succeeded')) refundsPaid.set(r.refundId, (refundsPaid.get(r.refundId) ?? 0) + 1);
    const stats = (await getJson(`${sandboxUrl}/sandbox/channels/${channel}/stats`)).body as { charges: number } & BankFaults;
    charges += stats.charges;
    for (const k of Object.keys(faults) as Array<keyof BankFaults>) faults[k] += stats[k];
  }
  return { charges, charged, chargedTwice: new Map([...charged].filter(([, n]) => n > 1)), refundsPaid, faults };
}

/** How many events of a type the log holds. */
export async function countEvents(pg: Client, type: string): Promise<number> {
  const { rows } = await pg.query<{ n: string }>('SELECT count(*)::text AS n FROM es_events WHERE type = $1', [type]);
  return Number(rows[0]!.n);
}

export interface TrialBalance {
  readonly balanced: boolean;
  readonly totals: ReadonlyArray<{ currency: string; debit: string; credit: string; difference: string }>;
  readonly accounts: ReadonlyArray<{ account: string; currency?: string; balance: string }>;
}

/** Reporting's trial balance (scope audit:read). */
export async function trialBalance(reportingUrl: string, auth: Record<string, string>): Promise<TrialBalance> {
  const res = await getJson(`${reportingUrl}/v1/ledger/trial-balance`, auth);
  if (res.status !== 200) throw new Error(`trial balance: HTTP ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as TrialBalance;
}
