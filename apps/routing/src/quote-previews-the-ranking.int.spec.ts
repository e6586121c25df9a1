import { sendJson, startRoutingWorld, getJson, type RoutingWorld } from './testing/routing-harness';

describe('a routing quote previews the ranking without routing anything', () => {
  let world: RoutingWorld;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_quote');
  });
  afterAll(() => world.close());

  it('given a small debit-card payment from Beijing, then the fixed-fee bank is ranked by its real effective rate and BOCOM is out of region', async () => {
    const reader = await world.auth(['payments:read']);
    const res = await sendJson(
      'POST',
      `${world.url}/v1/routing/quote`,
      { amount: '5000', currency: 'CNY', method: { type: 'card' }, metadata: { funding: 'debit', region: 'CN-BJ' } },
      reader,
    );
    expect(res.status).toBe(200);
    expect(res.body.methodKind).toBe('debit_card');
    const spdb = res.body.candidates.find((c: { channel: string }) => c.channel === 'SPDB');
    // 0.4 % of 50 CNY is 0.20 CNY, plus the 2 CNY fixed fee: 4.4 %, not the advertised 0.4 %.
    expect(spdb).toMatchObject({ feeMinor: '220', effectiveRate: '4.4000 %' });
    expect(res.body.candidates.at(-1).channel).toMatch(/SPDB|CITIC/);
    expect(res.body.excluded).toContainEqual({ channel: 'BOCOM', reasons: [{ code: 'region', detail: 'does not serve CN-BJ' }] });
    expect(res.body.why[0]).toMatch(/^route \w+ \(attempt 1\)/);
  });

  it('lists channels with effective rates for a reference amount, and refuses a bad query as problem+json', async () => {
    const reader = await world.auth(['payments:read']);
    const { body } = await getJson(`${world.url}/v1/channels?amount=10000&method=card&funding=debit`, reader);
    const citic = body.channels.find((c: { code: string }) => c.code === 'CITIC');
    expect(citic.reference.effectiveRates).toEqual([{ methodKind: 'debit_card', effectiveRate: '2.4000 %', feeMinor: '240' }]);
    expect(citic.limits).toEqual([{ currency: 'CNY', minAmountMinor: '1000', maxAmountMinor: '500000000' }]);
    expect(citic.stats).toMatchObject({ neutralPrior: true });
    const bad = await getJson(`${world.url}/v1/channels?amount=-5`, reader);
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('amount');
    expect((await getJson(`${world.url}/v1/channels`, {})).status).toBe(401);
  });
});
