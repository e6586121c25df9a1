import { channelStreamId } from '@pl/domain';
import { getJson, requestAssessedPayment, sendJson, startRoutingWorld, waitForEvent, type RoutingWorld } from './testing/routing-harness';

describe('a channel in maintenance is not routed', () => {
  let world: RoutingWorld;
  let operator: Record<string, string>;
  beforeAll(async () => {
    world = await startRoutingWorld('routing_maintenance');
    operator = await world.auth(['channels:manage', 'payments:read'], 'ops-anna');
  });
  afterAll(() => world.close());

  it('given an operator puts ALIPAY in maintenance over the API, when a wallet payment is approved, then it goes elsewhere; after maintenance ends ALIPAY is used again', async () => {
    const put = await sendJson('PUT', `${world.url}/v1/channels/ALIPAY/maintenance`, { reason: 'Alipay maintenance window 01:00-03:00' }, operator);
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ channel: 'ALIPAY', routable: false, maintenance: { reason: 'Alipay maintenance window 01:00-03:00', by: 'ops-anna' } });
    const [started] = await world.store.readStream(channelStreamId('ALIPAY'));
    expect(started).toMatchObject({ type: 'ChannelMaintenanceStarted', data: { channel: 'ALIPAY', by: 'ops-anna' } });

    const listed = await getJson(`${world.url}/v1/channels?amount=10000&currency=CNY&method=wallet`, operator);
    const alipay = listed.body.channels.find((c: { code: string }) => c.code === 'ALIPAY');
    expect(alipay).toMatchObject({ state: { routable: false, maintenance: { by: 'ops-anna' } }, reference: { effectiveRates: [{ methodKind: 'wallet', effectiveRate: '0.3800 %', feeMinor: '38' }] } });

    const during = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    const routed = await waitForEvent(world.store, during, 'PaymentRouted');
    expect(routed.data.channel).toBe('WECHAT_PAY');
    expect(routed.data.why.at(-1)).toContain('ALIPAY (maintenance)');

    const del = await sendJson('DELETE', `${world.url}/v1/channels/ALIPAY/maintenance`, undefined, operator);
    expect(del).toMatchObject({ status: 200, body: { routable: true, maintenance: null } });
    const after = await requestAssessedPayment(world.store, { amountMinor: 12_550n, method: 'wallet' });
    expect((await waitForEvent(world.store, after, 'PaymentRouted')).data.channel).toBe('ALIPAY');
  });

  it('refuses a caller without channels:manage (403), an unknown channel (404) and a missing reason (400), as problem+json', async () => {
    const reader = await world.auth(['payments:read']);
    expect((await sendJson('PUT', `${world.url}/v1/channels/ICBC/maintenance`, { reason: 'x' }, reader)).status).toBe(403);
    const unknown = await sendJson('PUT', `${world.url}/v1/channels/NOPE/maintenance`, { reason: 'x' }, operator);
    expect(unknown).toMatchObject({ status: 404, body: { type: expect.stringMatching(/not-found$/), title: 'Channel not found' } });
    const noReason = await sendJson('PUT', `${world.url}/v1/channels/ICBC/maintenance`, { reason: ' ', extra: 1 }, operator);
    expect(noReason.status).toBe(400);
    expect(noReason.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['extra', 'reason']);
  });
});
