import { listRoutePolicies } from '@pl/security';
import { useEmbeddedPlatform } from './harness';

/**
 * Deny by default, enforced by enumeration: every route of every service declares either the
 * scopes it requires or that it is public, and only health endpoints may be public. (The bank
 * sandbox, on a thread of its own, is checked by admin-routes-only-when-enabled.int.spec.ts.)
 */
describe('every HTTP route of every service declares its access policy', () => {
  const env = useEmbeddedPlatform('routes', []);

  it('has no route without a policy, and nothing public but health', () => {
    const routes = env.platform.apps().flatMap(({ name, app }) => listRoutePolicies(app).map((r) => ({ service: name, ...r })));
    expect(routes.length).toBeGreaterThan(10);
    expect(routes.filter((r) => r.policy === 'none')).toEqual([]);
    // Public: health probes and the API reference only.
    expect(routes.filter((r) => r.policy === 'public' && !r.path.startsWith('/health/') && r.path !== '/openapi.json')).toEqual([]);
    expect(routes).toContainEqual(expect.objectContaining({ service: 'intake', method: 'POST', path: '/v1/payments', policy: { scopes: ['payments:write'] } }));
  });
});
