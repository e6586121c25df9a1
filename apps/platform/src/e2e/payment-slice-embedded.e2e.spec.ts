import { randomUUID } from 'node:crypto';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, testIssuer, useEmbeddedPlatform } from './harness';

/**
 * The slice, embedded: an authenticated request to intake creates a payment stream; the relay
 * carries the event over the in-process bus; reporting projects it into PostgreSQL and serves it.
 */
describe('a payment requested over HTTP reaches the reporting read model (embedded)', () => {
  const env = useEmbeddedPlatform('slice', ['payments:write', 'payments:read', 'audit:read']);

  it('creates the payment once, replays it for the same key, and projects it', async () => {
    const key = `erp-${randomUUID()}`;
    const created = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { ...env.auth, 'idempotency-key': key });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ object: 'payment', status: 'requested', amount: '12550', currency: 'CNY', version: 0 });
    expect(created.headers.get('etag')).toBe('"0"');
    expect(created.headers.get('location')).toBe(`/v1/payments/${created.body.id}`);

    const replay = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { ...env.auth, 'idempotency-key': key });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body).toEqual(created.body);

    // Risk, routing and the sandbox bank take it on to settled; reporting follows every step.
    const projected = await eventually(async () => {
      const r = await getJson(`${env.platform.urls.reporting}/v1/payments/${created.body.id}`, env.auth);
      return r.status === 200 && r.body.status === 'settled' ? r : undefined;
    }, 30_000, 'the settled payment in the read model');
    // Settled, nothing refunded, all of it refundable (the request's answer had nothing refundable yet).
    expect(projected.body).toMatchObject({ refunded: '0', refundPending: '0', refundable: '12550' });
    expect({ ...projected.body, status: 'requested', refundable: '0', version: 0, updatedAt: created.body.updatedAt }).toEqual(created.body);
    expect(projected.headers.get('etag')).toBe('"5"');

    // Intake serves the fold of the stream: the read model equals it.
    const current = await getJson(`${env.platform.urls.intake}/v1/payments/${created.body.id}`, env.auth);
    expect(current.status).toBe(200);
    expect(current.body).toEqual(projected.body);
    expect(current.headers.get('etag')).toBe('"5"');
    const unchanged = await fetch(`${env.platform.urls.intake}/v1/payments/${created.body.id}`, { headers: { ...env.auth, 'if-none-match': '"5"' } });
    expect(unchanged.status).toBe(304);
    const missing = await getJson(`${env.platform.urls.intake}/v1/payments/${randomUUID()}`, env.auth);
    expect(missing.status).toBe(404);

    const history = await getJson(`${env.platform.urls.reporting}/v1/payments/${created.body.id}/events`, env.auth);
    expect(history.status).toBe(200);
    expect(history.body.chain).toEqual({ intact: true });
    expect(history.body.events.map((e: { type: string }) => e.type)).toEqual([
      'PaymentRequested',
      'PaymentRiskAssessed',
      'PaymentRouted',
      'PaymentSubmittedToBank',
      'PaymentAuthorized',
      'PaymentSettled',
    ]);
    expect(history.body.events[0]).toMatchObject({ type: 'PaymentRequested', revision: '0' });
    expect(history.body.events[0].metadata).toMatchObject({ correlationId: created.body.id, actor: 'client:erp-client', schemaVersion: 1 });
    // Each step is caused by the one before it, and names the service that took it.
    const actors = history.body.events.map((e: { metadata: { actor: string } }) => e.metadata.actor);
    expect(actors).toEqual(['client:erp-client', 'service:risk', 'service:routing', 'service:bank-connectors', 'service:bank-connectors', 'service:bank-connectors']);
    for (let i = 1; i < history.body.events.length; i++) {
      const cause = history.body.events[i].metadata.causationId as string;
      if (!cause.startsWith('callback:') && !cause.startsWith('status:')) expect(cause).toBe(history.body.events[i - 1].eventId);
    }
  });

  it('refuses the same key with a different body, naming the differing fields', async () => {
    const key = `erp-${randomUUID()}`;
    await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { ...env.auth, 'idempotency-key': key });
    const reused = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ amount: '99', orderReference: 'X' }), {
      ...env.auth,
      'idempotency-key': key,
    });
    expect(reused.status).toBe(422);
    expect(reused.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(reused.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/idempotency-key-reused', differingFields: ['amount', 'orderReference'] });
  });

  it.each([
    ['an unknown field', paymentBody({ surprise: true })],
    ['a float amount', paymentBody({ amount: '125.50' })],
    ['a number amount', paymentBody({ amount: 12550 })],
    ['an unsupported currency', paymentBody({ currency: 'XXX' })],
    ['a full card number', paymentBody({ method: { type: 'card', token: '4242424242424242', masked: '4242' } })],
  ])('rejects %s with a 400 problem and stores nothing', async (_case, body) => {
    const key = `erp-${randomUUID()}`;
    const res = await postJson(`${env.platform.urls.intake}/v1/payments`, body, { ...env.auth, 'idempotency-key': key });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/validation-error', status: 400 });
    expect(res.body.errors.length).toBeGreaterThan(0);
    // Failed validation is not stored against the key: the same key now works with a good body.
    const retry = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { ...env.auth, 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBeNull();
  });

  it('creates exactly one payment from 20 concurrent requests with one key; the others get 409 or the replay', async () => {
    const key = `erp-${randomUUID()}`;
    const responses = await Promise.all(
      Array.from({ length: 20 }, () => postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { ...env.auth, 'idempotency-key': key })),
    );
    const created = responses.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === null);
    const replayed = responses.filter((r) => r.status === 201 && r.headers.get('idempotent-replayed') === 'true');
    const inProgress = responses.filter((r) => r.status === 409);
    // One payment. Two twins deciding in the same millisecond derive byte-identical events, which the
    // store accepts as one append (a retry of itself): both answer 201 with that one payment.
    expect(created.length).toBeGreaterThanOrEqual(1);
    expect(created.length + replayed.length + inProgress.length).toBe(20);
    for (const r of [...created, ...replayed]) expect(r.body).toEqual(created[0]!.body);
    for (const r of inProgress) expect(r.body.type).toBe('https://payment-ledger.dev/problems/idempotency-key-in-use');
    const events = await env.platform.runtime.store.readStream(`payment-${created[0]!.body.id}`);
    expect(events.filter((e) => e.type === 'PaymentRequested')).toHaveLength(1);
    // A retry after the race gets the stored outcome.
    const retry = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { ...env.auth, 'idempotency-key': key });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(created[0]!.body);
  });

  it('requires an Idempotency-Key', async () => {
    const res = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), env.auth);
    expect(res.status).toBe(400);
    expect(res.body.type).toBe('https://payment-ledger.dev/problems/idempotency-key-missing');
  });

  it('denies requests without a token or without the scope', async () => {
    const anonymous = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), { 'idempotency-key': 'k' });
    expect(anonymous.status).toBe(401);
    const issuer = await testIssuer();
    const foreign = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody(), {
      authorization: `Bearer ${await issuer.token(['payments:write'])}`,
      'idempotency-key': 'k',
    });
    expect(foreign.status).toBe(401);
  });

  it('reports readiness from its real dependencies', async () => {
    for (const url of Object.values(env.platform.urls)) {
      const ready = await getJson(`${url}/health/ready`);
      expect(ready.status).toBe(200);
      const live = await getJson(`${url}/health/live`);
      expect(live.status).toBe(200);
    }
  });
});
