import { Module, type INestApplication } from '@nestjs/common';
import type { FastifyInstance } from 'fastify';
import { bootstrapService, HealthModule, problemBody, sendProblem, type BeforeRoutingHandler } from './index';

@Module({ imports: [HealthModule.forRoot([])] })
class BeforeRoutingTestModule {}

/** Handlers on the HTTP server itself: what they answer Fastify never sees; the rest goes on as usual. */
describe('before-routing handlers', () => {
  let app: INestApplication;
  let base: string;
  /** Every request Fastify's first hook saw, by path. */
  const reachedFastify: string[] = [];

  const shed: BeforeRoutingHandler = (request, response) => {
    if (request.url !== '/shed') return false;
    sendProblem(response, problemBody({ status: 503, type: 'overloaded', title: 'Overloaded', detail: 'try again' }), { 'Retry-After': '1' });
    return true;
  };
  const broken: BeforeRoutingHandler = (request) => {
    if (request.url === '/health/live?boom') throw new Error('a bug in the handler');
    return false;
  };

  beforeAll(async () => {
    app = await bootstrapService({
      name: 'before-routing-test',
      module: BeforeRoutingTestModule,
      port: 0,
      host: '127.0.0.1',
      logger: false,
      shutdownHooks: false,
      beforeRouting: (nest) => {
        (nest.getHttpAdapter().getInstance() as FastifyInstance).addHook('onRequest', (request, _reply, done) => {
          reachedFastify.push(request.url);
          done();
        });
        return [broken, shed];
      },
    });
    base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  });
  afterAll(() => app?.close());

  it('given a handler that answers a request, then the client gets its answer and Fastify never sees the request', async () => {
    const res = await fetch(`${base}/shed`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });

    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(await res.json()).toMatchObject({ status: 503, type: expect.stringContaining('overloaded') });
    expect(reachedFastify).not.toContain('/shed');
  });

  it('given handlers that pass a request on, or one that throws, then Fastify answers it as it would without them', async () => {
    const live = await fetch(`${base}/health/live`);
    const afterThrow = await fetch(`${base}/health/live?boom`);

    expect([live.status, afterThrow.status]).toEqual([200, 200]);
    expect(reachedFastify).toEqual(expect.arrayContaining(['/health/live', '/health/live?boom']));
  });
});
