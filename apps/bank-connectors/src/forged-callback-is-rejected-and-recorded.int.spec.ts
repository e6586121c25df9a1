import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('a forged callback is rejected and recorded', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ callbackGraceMs: 1_000 });
    await bed.sandbox.configure('SPDB', { callback: { mode: 'forged' } });
  });
  afterAll(() => bed?.close());

  it('given a callback signed with the wrong key, when it arrives, then it is refused with 401, recorded, and the status query still finds the truth', async () => {
    const paymentId = await bed.routedPayment('SPDB');
    await eventually(async () => ((await bed.sandbox.stats('SPDB')).callbacksRejected >= 1 ? true : undefined), 10_000, 'the forged callback');

    expect(await bed.sandbox.stats('SPDB')).toMatchObject({ callbacksSent: 1, callbacksRejected: 1 });
    const rejected = await bed.query<{ channel: string; reason: string; body_sha256: string }>('SELECT * FROM connector_rejected_callbacks');
    expect(rejected).toEqual([expect.objectContaining({ channel: 'SPDB', reason: 'mismatch', body_sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })]);

    await bed.waitForStatus(paymentId, 'settled');
    const events = await bed.events(paymentId);
    expect(typesOf(events).slice(3)).toEqual(['PaymentSubmittedToBank', 'PaymentAuthorized', 'PaymentSettled']);
    expect(events[4]?.metadata.causationId).toMatch(/^status:/);
  });
});
