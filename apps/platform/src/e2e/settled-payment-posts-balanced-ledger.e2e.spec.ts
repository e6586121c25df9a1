import { randomUUID } from 'node:crypto';
import { paymentDecider, paymentStreamId, type PaymentCommand } from '@pl/domain';
import { handleCommand } from '@pl/event-store';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * A payment goes through its lifecycle (the decisions risk, routing and the bank connector will
 * make, appended here through the same command handler they use), and reporting projects its
 * status and a balanced double-entry ledger, with the trial balance at zero per currency.
 */
describe('a settled payment posts a balanced ledger', () => {
  const env = useEmbeddedPlatform('ledger', ['payments:write', 'payments:read', 'audit:read']);

  const run = (paymentId: string, command: PaymentCommand, step: string) =>
    handleCommand({
      store: env.platform.runtime.store,
      streamId: paymentStreamId(paymentId),
      decider: paymentDecider,
      command,
      context: { correlationId: paymentId, causationId: `test:${step}:${paymentId}`, actor: `service:${step}`, occurredAt: new Date().toISOString() },
    });

  it('projects authorized then settled, with clearing back to zero and the fee accounted for', async () => {
    const created = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ amount: '100000', payee: { id: `m-${randomUUID()}` } }), {
      ...env.auth,
      'idempotency-key': `ledger-${randomUUID()}`,
    });
    const id: string = created.body.id;
    const payee: string = created.body.payee.id;
    const at = new Date().toISOString();
    await run(id, { type: 'AssessRisk', data: { paymentId: id, decision: 'approve', score: 120, reasons: [], assessedAt: at } }, 'risk');
    await run(id, { type: 'RoutePayment', data: { paymentId: id, channel: 'CMB', quotedFeeMinor: 380n, why: ['cheapest healthy'], routedAt: at, attempt: 1 } }, 'routing');
    await run(id, { type: 'SubmitToBank', data: { paymentId: id, channel: 'CMB', attempt: 1, bankRequestId: 'cmb_pay_1', submittedAt: at } }, 'submit');
    await run(id, { type: 'AuthorizePayment', data: { paymentId: id, bankReference: 'CMB-REF-1', authorizedAt: at } }, 'authorize');
    await run(id, { type: 'SettlePayment', data: { paymentId: id, settledAmountMinor: 99620n, feeMinor: 380n, settledAt: at } }, 'settle');

    const settled = await eventually(async () => {
      const r = await getJson(`${env.platform.urls.reporting}/v1/payments/${id}`, env.auth);
      return r.body?.status === 'settled' ? r : undefined;
    }, 20_000, 'the settled payment in the read model');
    expect(settled.body.version).toBe(5);

    const balances = await getJson(`${env.platform.urls.reporting}/v1/ledger/balances?currency=CNY`, env.auth);
    const rows = balances.body.data as Array<{ account: string; balance: string }>;
    const of = (account: string): string | undefined => rows.find((b) => b.account === account)?.balance;
    expect(of('assets:clearing:channel:CMB')).toBe('0');
    expect(of('assets:bank:settlement:CMB')).toBe('99620');
    expect(of('expenses:fees:channel:CMB')).toBe('380');
    expect(of(`liabilities:payable:merchant:${payee}`)).toBe('-99620');

    const trial = await getJson(`${env.platform.urls.reporting}/v1/ledger/trial-balance`, env.auth);
    expect(trial.status).toBe(200);
    expect(trial.body.balanced).toBe(true);
    // Authorization moves 1,000.00 each side; settlement 2,000.00 (gross out of clearing and
    // unsettled, paid + fee into the bank, payable and recovered fee): 3,000.00 per side in all.
    expect(trial.body.totals).toEqual([{ currency: 'CNY', debit: '300000', credit: '300000', difference: '0', balanced: true }]);
  });
});
