import { randomUUID } from 'node:crypto';
import { BANK_CHANNELS } from '@pl/bank-protocol';
import { eventually } from '@pl/testing';
import { getJson, paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * Load shedding: with INTAKE_MAX_PAYMENTS_IN_FLIGHT payments still being worked on, a new payment is
 * answered 503 with Retry-After before anything is written; a replay is still answered; once the
 * pipeline catches up, the same request (same key) is accepted as a new payment.
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

    // A replay of an accepted request is answered whatever the load.
    const replay = await pay(accepted[0]!.key, 0);
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');

    // Once the banks have settled them, the refused request, sent again with its key, becomes a
    // payment of its own: nothing had been recorded for it.
    await setBanks({ processingMs: 0 });
    const retried = await eventually(async () => {
      const res = await pay(refusedKey, n - 1);
      return res.status === 201 ? res : undefined;
    }, 120_000, 'the refused payment accepted after the others settled');
    expect(retried.headers.get('idempotent-replayed')).toBeNull();
    expect(retried.body).toMatchObject({ status: 'requested', version: 0 });
    // Nothing was lost meanwhile: every accepted payment settles.
    for (const { id } of accepted) {
      await eventually(async () => {
        const current = await getJson(`${env.platform.urls.intake}/v1/payments/${id}`, env.auth);
        return current.body.status === 'settled' ? true : undefined;
      }, 120_000, `payment ${id} settled`);
    }
  }, 180_000);
});
