import { Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { z } from 'zod';
import { Public } from '@pl/security';
import { configureApp, createHttpApp, ProblemException, ZodBody } from './index';

const thing = z.strictObject({ name: z.string().min(1), limits: z.strictObject({ daily: z.number().int() }) });

@Public()
@Controller('things')
class ThingsController {
  @Post()
  create(@ZodBody(thing) body: z.infer<typeof thing>) {
    return { created: body.name };
  }

  @Get('boom')
  boom(): never {
    throw new Error('connection to 10.0.0.7 refused: password=hunter2');
  }

  @Get('conflict')
  conflict(): never {
    throw new ProblemException({ status: 409, type: 'conflict', title: 'Conflict', detail: 'revision 3 expected, 4 found', extra: { currentRevision: '4' } });
  }
}

@Module({ controllers: [ThingsController] })
class ProblemsTestModule {}

/** Every error a client can provoke comes back as application/problem+json with a stable type. */
describe('errors are problem+json', () => {
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    app = await createHttpApp(ProblemsTestModule, { logger: false, bodyLimit: 1024 });
    configureApp(app, { serviceName: 'problems-test' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  const post = (body: string, contentType = 'application/json') =>
    fetch(`${base}/things`, { method: 'POST', headers: { 'content-type': contentType }, body });
  const problemOf = async (res: Response) => {
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    return (await res.json()) as Record<string, unknown>;
  };

  it('accepts a valid body', async () => {
    const res = await post(JSON.stringify({ name: 'a', limits: { daily: 3 } }));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ created: 'a' });
  });

  it('rejects unknown fields, at any depth, and names every bad field', async () => {
    const res = await post(JSON.stringify({ name: '', extra: 1, limits: { daily: 1.5, weekly: 2 } }));
    expect(res.status).toBe(400);
    const problem = await problemOf(res);
    expect(problem).toMatchObject({ type: 'https://payment-ledger.dev/problems/validation-error', title: 'Invalid request', status: 400 });
    expect(problem['errors']).toEqual(
      expect.arrayContaining([
        { path: 'name', message: expect.any(String) },
        { path: 'extra', message: 'unknown field' },
        { path: 'limits.weekly', message: 'unknown field' },
        { path: 'limits.daily', message: expect.any(String) },
      ]),
    );
  });

  it('says "required" for a missing field', async () => {
    const problem = await problemOf(await post(JSON.stringify({ name: 'a' })));
    expect(problem['errors']).toEqual([{ path: 'limits', message: 'required' }]);
  });

  it('answers malformed JSON with 400 malformed-json', async () => {
    const res = await post('{"name": "a",');
    expect(res.status).toBe(400);
    expect(await problemOf(res)).toMatchObject({ type: 'https://payment-ledger.dev/problems/malformed-json', status: 400 });
  });

  it('answers a body that is not JSON with 415', async () => {
    const res = await post('name=a', 'application/x-www-form-urlencoded');
    expect(res.status).toBe(415);
    expect(await problemOf(res)).toMatchObject({ type: 'https://payment-ledger.dev/problems/unsupported-media-type' });
  });

  it('answers a body over the limit with 413', async () => {
    const res = await post(JSON.stringify({ name: 'x'.repeat(2048), limits: { daily: 1 } }));
    expect(res.status).toBe(413);
    expect(await problemOf(res)).toMatchObject({ type: 'https://payment-ledger.dev/problems/payload-too-large' });
  });

  it('answers an unknown route with 404 not-found', async () => {
    const res = await fetch(`${base}/nowhere`);
    expect(res.status).toBe(404);
    expect(await problemOf(res)).toMatchObject({ type: 'https://payment-ledger.dev/problems/not-found', status: 404 });
  });

  it('keeps ProblemException members', async () => {
    const res = await fetch(`${base}/things/conflict`);
    expect(res.status).toBe(409);
    expect(await problemOf(res)).toMatchObject({ type: 'https://payment-ledger.dev/problems/conflict', detail: 'revision 3 expected, 4 found', currentRevision: '4' });
  });

  it('answers a thrown error with a 500 that leaks nothing', async () => {
    const res = await fetch(`${base}/things/boom`);
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({ type: 'https://payment-ledger.dev/problems/internal-error', status: 500 });
    expect(text).not.toMatch(/10\.0\.0\.7|hunter2|refused|\.ts:/);
  });
});
