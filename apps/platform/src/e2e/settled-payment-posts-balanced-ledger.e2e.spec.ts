import { randomUUID } from 'node:crypto';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * A payment goes through its whole lifecycle by itself (risk approves, routing picks a channel and
 * quotes its fee, the connector submits to the sandbox bank, the callback authorizes, settlement
 * follows), and reporting projects a balanced double-entry ledger with the trial balance at zero.
 */
describe('a settled payment posts a balanced ledger', () => {
  const env = useEmbeddedPlatform('ledger', ['payments:write', 'payments:read', 'audit:read']);

  it('projects authorized then settled, with clearing back to zero and the quoted fee accounted for', async () => {
    const payee = `m-${randomUUID()}`;
    const created = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ amount: '100000', payee: { id: payee } }), {
      ...env.auth,
      'idempotency-key': `ledger-${randomUUID()}`,
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const settled = await eventually(async () => {
      const r = await getJson(`${env.platform.urls.reporting}/v1/payments/${id}`, env.auth);
      return r.body?.status === 'settled' ? r : undefined;
    }, 30_000, 'the settled payment in the read model');
    expect(settled.body.version).toBe(5);

    const history = await getJson(`${env.platform.urls.reporting}/v1/payments/${id}/events`, env.auth);
    const routed = history.body.events.find((e: { type: string }) => e.type === 'PaymentRouted').data as { channel: string; quotedFeeMinor: string };
    const fee = BigInt(routed.quotedFeeMinor);
    expect(fee).toBeGreaterThan(0n);

    const balances = await getJson(`${env.platform.urls.reporting}/v1/ledger/balances?currency=CNY`, env.auth);
    const rows = balances.body.data as Array<{ account: string; balance: string }>;
    const of = (account: string): string | undefined => rows.find((b) => b.account === account)?.balance;
    expect(of(`assets:clearing:channel:${routed.channel}`)).toBe('0');
    expect(of(`expenses:fees:channel:${routed.channel}`)).toBe(fee.toString());
    expect(of(`liabilities:payable:merchant:${payee}`)).toBe((-(100000n - fee)).toString());
    expect(of(`liabilities:unsettled:merchant:${payee}`)).toBe('0');
    expect(of(`revenue:fees:recovered:merchant:${payee}`)).toBe((-fee).toString());

    const trial = await getJson(`${env.platform.urls.reporting}/v1/ledger/trial-balance`, env.auth);
    expect(trial.status).toBe(200);
    expect(trial.body.balanced).toBe(true);
    // Authorization moves 1,000.00 each side; settlement 2,000.00 (gross out of clearing and
    // unsettled, paid + fee into the bank, payable and recovered fee): 3,000.00 per side in all.
    expect(trial.body.totals).toEqual([{ currency: 'CNY', debit: '300000', credit: '300000', difference: '0', balanced: true }]);
  });
});
