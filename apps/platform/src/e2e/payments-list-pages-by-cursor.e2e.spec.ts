import { randomUUID } from 'node:crypto';
import { createTestDatabase, eventually } from '@pl/testing';
import { startPlatform, type Platform } from '../platform';
import { getJson, paymentBody, postJson, testIssuer } from './harness';

/** Finance staff page through payments: newest first, by status and period, never a row twice. */
describe('listing payments from the reporting read model', () => {
  let platform: Platform;
  let db: { url: string; drop(): Promise<void> };
  let auth: Record<string, string>;
  const ids: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase('list');
    const issuer = await testIssuer();
    platform = await startPlatform({ databaseUrl: db.url, auth: issuer.auth, basePort: 0 });
    auth = { authorization: `Bearer ${await issuer.token(['payments:write', 'payments:read'])}` };
    for (let i = 0; i < 7; i++) {
      const res = await postJson(`${platform.urls.intake}/v1/payments`, paymentBody({ orderReference: `ERP-${i}` }), {
        ...auth,
        'idempotency-key': `list-${randomUUID()}`,
      });
      ids.push(res.body.id);
    }
    await eventually(async () => {
      const all = await getJson(`${platform.urls.reporting}/v1/payments?limit=200`, auth);
      return all.body.data.length === 7 ? true : undefined;
    }, 20_000, 'seven projected payments');
  });

  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });

  it('pages newest first with a cursor, each payment exactly once', async () => {
    const seen: string[] = [];
    let url = `${platform.urls.reporting}/v1/payments?limit=3&status=requested`;
    const pageSizes: number[] = [];
    for (;;) {
      const page = await getJson(url, auth);
      expect(page.status).toBe(200);
      pageSizes.push(page.body.data.length);
      seen.push(...page.body.data.map((p: { id: string }) => p.id));
      if (!page.body.hasMore) {
        expect(page.body.nextCursor).toBeNull();
        break;
      }
      url = `${platform.urls.reporting}/v1/payments?limit=3&status=requested&cursor=${page.body.nextCursor}`;
    }
    expect(pageSizes).toEqual([3, 3, 1]);
    expect([...seen].sort()).toEqual([...ids].sort());
    // The same order as one big page: newest first (ties by id), nothing skipped between pages.
    const whole = await getJson(`${platform.urls.reporting}/v1/payments?limit=200`, auth);
    expect(seen).toEqual(whole.body.data.map((p: { id: string }) => p.id));
    const times = whole.body.data.map((p: { requestedAt: string }) => p.requestedAt);
    expect([...times].sort().reverse()).toEqual(times);
  });

  it('filters by status and period', async () => {
    const none = await getJson(`${platform.urls.reporting}/v1/payments?status=settled`, auth);
    expect(none.body.data).toEqual([]);
    const future = await getJson(`${platform.urls.reporting}/v1/payments?from=2999-01-01T00:00:00Z`, auth);
    expect(future.body.data).toEqual([]);
    const past = await getJson(`${platform.urls.reporting}/v1/payments?to=2999-01-01T00:00:00Z&limit=200`, auth);
    expect(past.body.data).toHaveLength(7);
  });

  it.each([
    ['an unknown parameter', '?colour=blue'],
    ['a limit out of range', '?limit=500'],
    ['a forged cursor', '?cursor=bm90LWEtY3Vyc29y'],
    ['a malformed date', '?from=yesterday'],
  ])('answers %s with a 400 problem', async (_case, query) => {
    const res = await getJson(`${platform.urls.reporting}/v1/payments${query}`, auth);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://payment-ledger.dev/problems/validation-error');
  });
});
