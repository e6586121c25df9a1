import { randomUUID } from 'node:crypto';
import { BANK_CHANNELS } from '@pl/bank-protocol';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * Load shedding: with INTAKE_MAX_PAYMENTS_IN_FLIGHT payments still being worked on, a new payment is
 * answered 503 with Retry-After before anything is written or read; a replay of a payment still in
 * flight is answered; a replay of a finished payment is refused like a new request (no database
 * round trip while full); once the pipeline catches up, the refused request (same key) becomes a
 * payment and the finished one's replay returns it.
 */
describe('intake refuses new payments while the pipeline is full, and accepts them again once it has caught up', () => {
  // Read when the platform starts: a limit of three, and the sandbox's controls to hold payments at the bank.
  const settings = { INTAKE_MAX_PAYMENTS_IN_FLIGHT: '3', SANDBOX_ADMIN: '1' };
  const previous = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
  Object.assign(process.env, settings);
  const env = useEmbeddedPlatform('shedding', ['payments:write', 'payments:read']);
  afterAll(() => {
    for (const [name, value] of Object.entries(previous)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  const setBanks = async (behaviour: Record<string, unknown>) => {
    for (const channel of BANK_CHANNELS) {
      const res = await fetch(`${env.platform.urls['bank-sandbox']}/sandbox/channels/${channel}`, {
        method: 'PUT',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(behaviour),
      });
      expect(`${channel} ${res.status} ${await res.text()}`).toMatch(new RegExp(`^${channel} 200 `));
    }
  };
  const pay = (key: string, i: number) =>
    postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ payer: { id: `shed-${i}` }, orderReference: `SHED-${i}` }), { ...env.auth, 'idempotency-key': key });

  it('given three payments the banks hold for 20 s, when more are requested, then they get 503 and Retry-After until they settle', async () => {
    // A payment that is over before the pipeline fills up.
    await setBanks({ processingMs: 0 });
    const finishedKey = `shed-${randomUUID()}`;
    const finished = await pay(finishedKey, 1000);
    expect(finished.status).toBe(201);
    const finishedId = finished.body.id as string;
    await eventually(async () => {
      const current = await getJson(`${env.platform.urls.intake}/v1/payments/${finishedId}`, env.auth);
      return current.body.status === 'settled' ? true : undefined;
    }, 60_000, 'the first payment settled');
    const finishedVersion = (await getJson(`${env.platform.urls.intake}/v1/payments/${finishedId}`, env.auth)).body.version;

    // The banks accept and take 20 s to answer: meanwhile the payments stay in flight.
    await setBanks({ processingMs: 20_000 });
    const accepted: { key: string; id: string }[] = [];
    let n = 0;
    for (; n < 3; n++) {
      const key = `shed-${randomUUID()}`;
      const res = await pay(key, n);
      expect(res.status).toBe(201);
      accepted.push({ key, id: res.body.id as string });
    }

    // Intake counts them from the payment topic, a moment after they are written: new requests are
    // accepted until it has seen three, then refused.
    let refusedKey = '';
    const refused = await eventually(async () => {
      const key = `shed-${randomUUID()}`;
      const res = await pay(key, n++);
      if (res.status === 201) accepted.push({ key, id: res.body.id as string });
      if (res.status !== 503) return undefined;
      refusedKey = key;
      return res;
    }, 30_000, 'a payment refused');
    expect(accepted.length).toBeGreaterThanOrEqual(3);
    expect(refused.headers.get('retry-after')).toBe('1');
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/overloaded', status: 503, limit: 3 });
    expect(refused.body.inFlight).toBeGreaterThanOrEqual(3);

    // A replay of a payment still in flight is answered with its stored outcome.
    const replay = await pay(accepted[0]!.key, 0);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(accepted[0]!.id);

    // The refusal comes before the body is read and the token verified (shed-new-payments.ts): a
    // body that would fail validation gets the same 503 while full...
    const unread = await postJson(`${env.platform.urls.intake}/v1/payments`, { amount: 'not money' }, { ...env.auth, 'idempotency-key': `shed-${randomUUID()}` });
    expect(unread.status).toBe(503);
    expect(unread.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/overloaded', status: 503 });
    // ...a request without a key goes on to the full path and gets its 400 there...
    const keyless = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ payer: { id: 'shed-keyless' } }), env.auth);
    expect(keyless.status).toBe(400);
    // ...and a token forged for the client of a payment in flight (its claims copied, its signature
    // not) goes on to the verification: 401, never that payment.
    const [header, claims] = env.auth['authorization']!.replace(/^Bearer /, '').split('.');
    const forged = await postJson(
      `${env.platform.urls.intake}/v1/payments`,
      paymentBody({ payer: { id: 'shed-0' }, orderReference: 'SHED-0' }),
      { authorization: `Bearer ${header}.${claims}.${Buffer.from('not the issuer').toString('base64url')}`, 'idempotency-key': accepted[0]!.key },
    );
    expect(forged.status).toBe(401);
    expect(forged.body.id).toBeUndefined();

    // A replay of the finished payment is refused like a new request while the pipeline is full
    // (intake knows only what is in flight without asking the database), and it changes nothing.
    const refusedReplay = await eventually(async () => {
      const res = await pay(finishedKey, 1000);
      return res.status === 503 ? res : undefined;
    }, 30_000, 'the finished payment\'s replay refused while full');
    expect(refusedReplay.headers.get('retry-after')).toBe('1');
    expect(refusedReplay.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/overloaded', status: 503 });
    expect(refusedReplay.body.detail).toMatch(/same Idempotency-Key/);
    const untouched = await getJson(`${env.platform.urls.intake}/v1/payments/${finishedId}`, env.auth);
    expect(untouched.body).toMatchObject({ status: 'settled', version: finishedVersion });

    // Once the banks have settled them, the refused request, sent again with its key, becomes a
    // payment of its own: nothing had been recorded for it.
    await setBanks({ processingMs: 0 });
    const retried = await eventually(async () => {
      const res = await pay(refusedKey, n - 1);
      return res.status === 201 ? res : undefined;
    }, 120_000, 'the refused payment accepted after the others settled');
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body).toMatchObject({ status: 'requested', version: 0 });
    // And the finished payment's replay returns that payment, as it was created: never a second one.
    // The retried payment above is in flight now, beside held ones still settling, so intake may be
    // full again for a moment: like a client, send it again after Retry-After until it is answered.
    const replayedLater = await eventually(async () => {
      const res = await pay(finishedKey, 1000);
      return res.status === 503 ? undefined : res;
    }, 60_000, 'the finished payment\'s replay answered once there is room');
    expect(replayedLater.status).toBe(201);
    expect(replayedLater.headers.get('idempotent-replayed')).toBe('true');
    expect(replayedLater.body).toMatchObject({ id: finishedId, status: 'requested', version: 0 });
    // Nothing was lost meanwhile: every accepted payment settles.
    for (const { id } of accepted) {
      await eventually(async () => {
        const current = await getJson(`${env.platform.urls.intake}/v1/payments/${id}`, env.auth);
        return current.body.status === 'settled' ? true : undefined;
      }, 120_000, `payment ${id} settled`);
    }
  }, 180_000);
});
