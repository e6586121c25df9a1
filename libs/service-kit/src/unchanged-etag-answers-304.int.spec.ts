import { Controller, Get, Module, Res, type INestApplication } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Public } from '@pl/security';
import { configureApp, createHttpApp } from './index';

@Public()
@Controller('versioned')
class VersionedController {
  @Get()
  get(@Res({ passthrough: true }) reply: FastifyReply) {
    reply.header('ETag', '"7"');
    return { revision: 7 };
  }
}

@Module({ controllers: [VersionedController] })
class VersionedTestModule {}

/** A resource that sets its ETag is answered 304 without a body when the client already holds that version. */
describe('conditional GET', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createHttpApp(VersionedTestModule, { logger: false });
    configureApp(app, { serviceName: 'etag-test' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  it('given the ETag the resource has, then 304 with the ETag and no body', async () => {
    for (const tag of ['"7"', 'W/"7"', '"3", "7"', '*']) {
      const res = await fetch(`${base}/versioned`, { headers: { 'if-none-match': tag } });
      expect([tag, res.status, res.headers.get('etag'), await res.text()]).toEqual([tag, 304, '"7"', '']);
    }
  });

  it('given another ETag or none, then 200 with the body', async () => {
    const other = await fetch(`${base}/versioned`, { headers: { 'if-none-match': '"6"' } });
    const none = await fetch(`${base}/versioned`);
    expect([other.status, await other.json()]).toEqual([200, { revision: 7 }]);
    expect([none.status, none.headers.get('etag'), await none.json()]).toEqual([200, '"7"', { revision: 7 }]);
  });
});
