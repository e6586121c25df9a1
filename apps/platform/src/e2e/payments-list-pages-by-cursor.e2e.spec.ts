import { randomUUID } from 'node:crypto';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/** Finance staff page through payments: newest first, by status and period, never a row twice. */
describe('listing payments from the reporting read model', () => {
  const env = useEmbeddedPlatform('list', ['payments:write', 'payments:read']);
  const ids: string[] = [];

  beforeAll(async () => {
    for (let i = 0; i < 7; i++) {
      const res = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ orderReference: `ERP-${i}`, payer: { id: `cust-${i}` } }), {
        ...env.auth,
        'idempotency-key': `list-${randomUUID()}`,
      });
      ids.push(res.body.id);
    }
    await eventually(async () => {
      // The services take each payment through its lifecycle; the sandbox banks settle them all.
      const settled = await getJson(`${env.platform.urls.reporting}/v1/payments?limit=200&status=settled`, env.auth);
      return settled.body.data.length === 7 ? true : undefined;
    }, 30_000, 'seven settled payments');
  });

  it('pages newest first with a cursor, each payment exactly once', async () => {
    const seen: string[] = [];
    let url = `${env.platform.urls.reporting}/v1/payments?limit=3&status=settled`;
    const pageSizes: number[] = [];
    for (;;) {
      const page = await getJson(url, env.auth);
      expect(page.status).toBe(200);
      pageSizes.push(page.body.data.length);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      if (!page.body.hasMore) {
        expect(page.body.nextCursor).toBeNull();
        break;
      }
      url = `${env.platform.urls.reporting}/v1/payments?limit=3&status=settled&cursor=${page.body.nextCursor}`;
    }
    expect(pageSizes).toEqual([3, 3, 1]);
    expect([...seen].sort()).toEqual([...ids].sort());
    // The same order as one big page: newest first (ties by id), nothing skipped between pages.
    const whole = await getJson(`${env.platform.urls.reporting}/v1/payments?limit=200`, env.auth);
    expect(seen).toEqual(whole.body.data.map((p: { id: string }) => p.id));
    const times = whole.body.data.map((p: { requestedAt: string }) => p.requestedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by status and period', async () => {
    const none = await getJson(`${env.platform.urls.reporting}/v1/payments?status=requested`, env.auth);
    expect(none.body.data).toEqual([]);
    const future = await getJson(`${env.platform.urls.reporting}/v1/payments?from=2999-01-01T00:00:00Z`, env.auth);
    expect(future.body.data).toEqual([]);
    const past = await getJson(`${env.platform.urls.reporting}/v1/payments?to=2999-01-01T00:00:00Z&limit=200`, env.auth);
    expect(past.body.data).toHaveLength(7);
  });

  it.each([
    ['an unknown parameter', '?colour=blue'],
    ['a limit out of range', '?limit=500'],
    ['a forged cursor', '?cursor=bm90LWEtY3Vyc29y'],
    ['a malformed date', '?from=yesterday'],
  ])('answers %s with a 400 problem', async (_case, query) => {
    const res = await getJson(`${env.platform.urls.reporting}/v1/payments${query}`, env.auth);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://payment-ledger.dev/problems/validation-error');
  });
});
