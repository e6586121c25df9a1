import { quoteFee } from '@pl/domain';
import { startRoutingWorld, requestAssessedPayment, waitForEvent, type RoutingWorld } from './testing/routing-harness';
import { loadCatalogue } from './catalogue/load-catalogue';

describe('an approved payment is routed to the best channel', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_best');
  });
  afterAll(() => world.close());

  it('given a 200 000 CNY bank transfer approved by risk, when routing hears of it, then it goes to the cheapest bank with the real quoted fee and says why', async () => {
    const paymentId = await requestAssessedPayment(world.store, { amountMinor: 20_000_000n, method: 'bank_account' });

    const routed = await waitForEvent(world.store, paymentId, 'PaymentRouted');

    // CITIC: 0.05 % + 2 CNY capped at 25 CNY beats every other bank's capped fee; wallets cannot take bank transfers.
    expect(routed.data).toMatchObject({ channel: 'CITIC', attempt: 1, quotedFeeMinor: '2500' });
    const citic = loadCatalogue({}).find((c) => c.code === 'CITIC')!.terms[0]!.fees;
    expect(routed.data.quotedFeeMinor).toBe(quoteFee(citic, { amount: { amountMinor: 20_000_000n, currency: 'CNY' }, methodKind: 'bank_transfer' }).feeMinor.toString());
    expect(routed.data.why[0]).toMatch(/^route CITIC \(attempt 1\): score \d+\.\d, best of 8 candidates, 7 backups left$/);
    expect(routed.data.why).toContain('effective rate 0.0125 % (fee 25.00 CNY on 200000.00 CNY): 246.9 pts');
    expect(routed.data.why.at(-1)).toBe('excluded: ALIPAY (method+over_limit), UNIONPAY (method+over_limit), WECHAT_PAY (method+over_limit)');
    // Caused by the approval, in the payment's correlation, by routing.
    const approval = await waitForEvent(world.store, paymentId, 'PaymentRiskAssessed');
    expect(routed.recorded.metadata).toMatchObject({ correlationId: paymentId, causationId: approval.recorded.eventId, actor: 'service:routing' });
  });

  it('given a 100 CNY wallet payment, then it goes to a wallet at 0.38 %, not to a channel whose fixed fee would multiply its cost', async () => {
    const paymentId = await requestAssessedPayment(world.store, { amountMinor: 10_000n, method: 'wallet' });

    const routed = await waitForEvent(world.store, paymentId, 'PaymentRouted');

    expect(routed.data).toMatchObject({ channel: 'ALIPAY', attempt: 1, quotedFeeMinor: '38' });
    expect(routed.data.why[4]).toBe('operator weight x1.00');
    expect(routed.data.why[5]).toMatch(/^runners-up: WECHAT_PAY \d+\.\d, UNIONPAY \d+\.\d$/);
  });
});
