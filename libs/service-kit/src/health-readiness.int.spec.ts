import { Module, type INestApplication } from '@nestjs/common';
import { configureApp, createHttpApp, HealthModule, type HealthCheck } from './index';

const up: HealthCheck = { name: 'event-store', check: async () => undefined };
const down: HealthCheck = { name: 'bus', check: async () => Promise.reject(new Error('broker unreachable')) };
const stuck: HealthCheck = { name: 'bank', check: () => new Promise<void>(() => undefined) };

async function boot(checks: HealthCheck[]): Promise<{ app: INestApplication; base: string }> {
  @Module({ imports: [HealthModule.forRoot(checks, { timeoutMs: 100 })] })
  class HealthTestModule {}
  const app = await createHttpApp(HealthTestModule, { logger: false });
  configureApp(app, { serviceName: 'health-test' });
  await app.listen(0, '127.0.0.1');
  return { app, base: await app.getUrl() };
}

/** Readiness tells an orchestrator which dependency is missing; liveness never depends on them. */
describe('health endpoints', () => {
  it('is ready when every check passes', async () => {
    const { app, base } = await boot([up]);
    try {
      const res = await fetch(`${base}/health/ready`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ status: 'ok', checks: { 'event-store': { status: 'up', durationMs: expect.any(Number) } } });
    } finally {
      await app.close();
    }
  });

  it('answers 503 naming the failed and the timed-out checks, while staying live', async () => {
    const { app, base } = await boot([up, down, stuck]);
    try {
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      const body = (await ready.json()) as { detail: string; checks: Record<string, { status: string; error?: string }> };
      expect(body).toMatchObject({ type: 'https://payment-ledger.dev/problems/not-ready', status: 503 });
      expect(body.checks['event-store']?.status).toBe('up');
      expect(body.checks['bus']).toMatchObject({ status: 'down', error: 'broker unreachable' });
      expect(body.checks['bank']).toMatchObject({ status: 'down', error: 'timed out after 100 ms' });
      expect(body.detail).toBe('failing: bus (broker unreachable), bank (timed out after 100 ms)');

      const live = await fetch(`${base}/health/live`);
      expect(live.status).toBe(200);
      expect(await live.json()).toEqual({ status: 'ok' });
    } finally {
      await app.close();
    }
  });
});
