import { randomUUID } from 'node:crypto';
import { createTestDatabase, eventually, freePort, kafkaBrokersOrSkip, spawnEntry, waitForReady, type RunningProcess } from '@pl/testing';
import { getJson, paymentBody, postJson, testIssuer, AUDIENCE, ISSUER } from './harness';

/**
 * The same slice as separate processes over the real Kafka broker: intake appends to the
 * PostgreSQL event store, the relay publishes to Kafka, reporting consumes and projects.
 */
const brokers = kafkaBrokersOrSkip('payment slice over Kafka (separate processes)');
const describeKafka = brokers ? describe : describe.skip;

describeKafka('a payment crosses intake, relay and reporting as separate processes over Kafka', () => {
  const processes: RunningProcess[] = [];
  let db: { url: string; drop(): Promise<void> };
  let intakeUrl: string;
  let reportingUrl: string;
  let auth: Record<string, string>;

  beforeAll(async () => {
    db = await createTestDatabase('kslice');
    const issuer = await testIssuer();
    auth = { authorization: `Bearer ${await issuer.token(['payments:write', 'payments:read'])}` };
    const common = {
      DATABASE_URL: db.url,
      BUS: 'kafka',
      KAFKA_BROKERS: (brokers ?? []).join(','),
      // Other test files use the same broker at the same time: topics and groups of its own.
      KAFKA_NAMESPACE: `kslice-${randomUUID().slice(0, 8)}.`,
      AUTH_ISSUER: ISSUER,
      AUTH_AUDIENCE: AUDIENCE,
      AUTH_JWKS: issuer.jwksJson,
    };
    const [intakePort, reportingPort, relayPort] = [await freePort(), await freePort(), await freePort()];
    intakeUrl = `http://127.0.0.1:${intakePort}`;
    reportingUrl = `http://127.0.0.1:${reportingPort}`;
    const intake = spawnEntry('apps/intake/src/main.ts', { ...common, PORT: String(intakePort) });
    const reporting = spawnEntry('apps/reporting/src/main.ts', { ...common, PORT: String(reportingPort) });
    const relay = spawnEntry('apps/relay/src/main.ts', { ...common, RELAY_NAME: 'slice-relay', RELAY_HEALTH_PORT: String(relayPort) });
    processes.push(intake, reporting, relay);
    await waitForReady(`${intakeUrl}/health/ready`, intake);
    await waitForReady(`${reportingUrl}/health/ready`, reporting);
    await waitForReady(`http://127.0.0.1:${relayPort}/health/ready`, relay);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(processes.map((p) => p.stop()));
    await db?.drop();
  });

  it('is requested, relayed over Kafka and projected exactly once', async () => {
    const created = await postJson(`${intakeUrl}/v1/payments`, paymentBody({ amount: '1000', currency: 'JPY' }), {
      ...auth,
      'idempotency-key': `erp-${randomUUID()}`,
    });
    expect(created.status).toBe(201);
    const projected = await eventually(async () => {
      const r = await getJson(`${reportingUrl}/v1/payments/${created.body.id}`, auth);
      return r.status === 200 ? r : undefined;
    }, 110_000, 'the payment projected by the reporting process');
    expect(projected.body).toEqual(created.body);
    expect(projected.body).toMatchObject({ amount: '1000', currency: 'JPY', status: 'requested' });
    // A consumer group's first join on a loaded 2-core machine can take tens of seconds.
  }, 120_000);
});
