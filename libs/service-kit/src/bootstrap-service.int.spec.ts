import { Module, type INestApplication } from '@nestjs/common';
import { bootstrapService, HealthModule } from './index';

@Module({ imports: [HealthModule.forRoot([])] })
class BootTestModule {}

/** A service boots configured (problems, JSON limits) on the port it is given. */
describe('bootstrapService', () => {
  let app: INestApplication;

  afterAll(() => app?.close());

  it('listens, serves health and answers errors as problems', async () => {
    app = await bootstrapService({ name: 'boot-test', module: BootTestModule, port: 0, host: '127.0.0.1', logger: false, shutdownHooks: false });
    const base = await app.getUrl();
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    const missing = await fetch(`${base}/nope`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{' });
    expect(missing.status).toBe(400);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });
});
