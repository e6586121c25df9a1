import { signedHeaders } from '@pl/bank-protocol';
import { secretOf } from '../../bank-sandbox/src/testing/harness';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a stale callback is rejected', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 60_000 });
    await bed.sandbox.configure('CITIC', { callback: { mode: 'lost' } });
  });
  afterAll(() => bed?.close());

  it('given a correctly signed callback from six minutes ago (a replay), when it arrives, then it is refused with 401, recorded, and changes nothing', async () => {
    const paymentId = await bed.routedPayment('CITIC');
    await bed.waitForStatus(paymentId, 'submitted');
    const body = JSON.stringify({
      callbackId: 'citic_cb_replayed',
      bankRequestId: 'citic_pay_000001',
      merchantOrderNo: `${paymentId}:1`,
      paymentId,
      status: 'authorized',
      bankReference: 'citic_bref_replayed',
      occurredAt: new Date().toISOString(),
    });
    const sixMinutesAgo = new Date(Date.now() - 6 * 60_000);

    const res = await fetch(`${bed.url}/callbacks/CITIC`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...signedHeaders([secretOf('CITIC')], body, sixMinutesAgo) },
      body,
    });

    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
    expect(await res.json()).toMatchObject({ reason: 'stale' });
    expect(await bed.query('SELECT channel, reason FROM connector_rejected_callbacks')).toEqual([{ channel: 'CITIC', reason: 'stale' }]);
    expect(typesOf(await bed.events(paymentId)).at(-1)).toBe('PaymentSubmittedToBank');
  });
});
