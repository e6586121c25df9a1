import { Controller, Get, Module, type CanActivate, type ExecutionContext, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { createDevIssuer, listRoutePolicies, Principal, Public, RequireScopes, RequireSignature, SecurityModule, type DevIssuer, type VerifiedPrincipal } from './index';

/** Stands in for a bank's HMAC check: the header must say "valid". */
class TestSignatureGuard implements CanActivate {
  canActivate(ctx: ExecutionContext): boolean {
    return ctx.switchToHttp().getRequest<{ headers: Record<string, string | undefined> }>().headers['x-test-signature'] === 'valid';
  }
}

@Controller('callbacks')
class CallbackController {
  @Get('bank')
  @RequireSignature('test-signature', TestSignatureGuard)
  bank() {
    return { received: true };
  }
}

@Controller()
class MixedController {
  @Get('health/live')
  @Public()
  live() {
    return { status: 'ok' };
  }

  @Get('v1/payments')
  @RequireScopes('payments:read')
  list(@Principal() principal: VerifiedPrincipal) {
    return { caller: principal.clientId, scopes: principal.scopes };
  }

  @Get('v1/forgotten')
  forgotten() {
    return { leaked: true };
  }
}

@RequireScopes('refunds:approve')
@Controller('v1/refunds')
class RefundsController {
  @Get(':id/approval')
  approval() {
    return { ok: true };
  }
}

/** No route is open unless it says so; a route that says nothing is closed and reported. */
describe('deny by default over real HTTP', () => {
  let issuer: DevIssuer;
  let app: INestApplication;
  let base: string;

  beforeAll(async () => {
    issuer = await createDevIssuer({ issuer: 'urn:test-issuer', audience: 'payment-ledger' });
    @Module({ imports: [SecurityModule.forRoot(issuer.authOptions())], controllers: [MixedController, RefundsController, CallbackController] })
    class SecuredTestModule {}
    app = await NestFactory.create(SecuredTestModule, new FastifyAdapter(), { logger: false, forceCloseConnections: true });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
  });
  afterAll(() => app.close());

  const get = async (path: string, token?: string) => {
    const res = await fetch(`${base}${path}`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
    return { status: res.status, challenge: res.headers.get('www-authenticate'), body: (await res.json()) as Record<string, unknown> };
  };

  it('lets a signed route through without a token only when its own signature guard accepts', async () => {
    expect((await fetch(`${base}/callbacks/bank`, { headers: { 'x-test-signature': 'valid' } })).status).toBe(200);
    expect((await fetch(`${base}/callbacks/bank`, { headers: { 'x-test-signature': 'forged' } })).status).toBe(403);
    expect(listRoutePolicies(app)).toContainEqual(expect.objectContaining({ path: '/callbacks/bank', policy: { signature: 'test-signature' } }));
  });

  it('serves a public route without a token', async () => {
    expect(await get('/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
  });

  it('answers 401 with a Bearer challenge without a token', async () => {
    const res = await get('/v1/payments');
    expect(res.status).toBe(401);
    expect(res.challenge).toBe('Bearer realm="payment-ledger"');
    expect(res.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/unauthorized', status: 401 });
  });

  it('answers 401 invalid_token for a token from an untrusted key', async () => {
    const stranger = await createDevIssuer({ issuer: 'urn:test-issuer', audience: 'payment-ledger' });
    const res = await get('/v1/payments', await stranger.issueToken({ subject: 'x', scopes: ['payments:read'] }));
    expect(res.status).toBe(401);
    expect(res.challenge).toMatch(/^Bearer realm="payment-ledger", error="invalid_token"/);
  });

  it('answers 403 naming the missing scope', async () => {
    const res = await get('/v1/payments', await issuer.issueToken({ subject: 'erp', scopes: ['payments:write'] }));
    expect(res.status).toBe(403);
    expect(res.challenge).toBe('Bearer realm="payment-ledger", error="insufficient_scope", scope="payments:read"');
    expect(res.body).toMatchObject({ type: 'https://payment-ledger.dev/problems/forbidden', missingScopes: ['payments:read'] });
    expect(res.body['detail']).toContain('payments:read');
  });

  it('serves a scoped route to a token with the scope, with the principal attached', async () => {
    const res = await get('/v1/payments', await issuer.issueToken({ subject: 'erp', clientId: 'erp-client', scopes: ['payments:read'] }));
    expect(res).toMatchObject({ status: 200, body: { caller: 'erp-client', scopes: ['payments:read'] } });
  });

  it('applies a controller-level policy to its routes', async () => {
    expect((await get('/v1/refunds/1/approval', await issuer.issueToken({ subject: 'a', scopes: ['payments:read'] }))).status).toBe(403);
    expect((await get('/v1/refunds/1/approval', await issuer.issueToken({ subject: 'a', scopes: ['refunds:approve'] }))).status).toBe(200);
  });

  it('closes an undeclared route even to a fully scoped token (403, not 500)', async () => {
    const res = await get('/v1/forgotten', await issuer.issueToken({ subject: 'a', scopes: ['payments:read', 'refunds:approve'] }));
    expect(res.status).toBe(403);
    expect(res.body).not.toHaveProperty('leaked');
  });

  it('lists every route with its policy and flags the undeclared one', () => {
    const routes = listRoutePolicies(app);
    expect(routes.map(({ method, path, policy }) => ({ method, path, policy }))).toEqual([
      { method: 'GET', path: '/callbacks/bank', policy: { signature: 'test-signature' } },
      { method: 'GET', path: '/health/live', policy: 'public' },
      { method: 'GET', path: '/v1/forgotten', policy: 'none' },
      { method: 'GET', path: '/v1/payments', policy: { scopes: ['payments:read'] } },
      { method: 'GET', path: '/v1/refunds/:id/approval', policy: { scopes: ['refunds:approve'] } },
    ]);
    expect(routes.filter((r) => r.policy === 'none').map((r) => r.handler)).toEqual(['MixedController.forgotten']);
  });
});
