import { listRoutePolicies } from '@pl/security';
import { getJson, useEmbeddedPlatform } from './harness';

/** The served OpenAPI document and the routes Nest serves are the same set, with the same scopes. */
describe('the OpenAPI documents match the code', () => {
  const env = useEmbeddedPlatform('openapi', []);

  it.each(['intake', 'refunds'] as const)('%s documents every route and nothing else, with the scopes each requires', async (service) => {
    const res = await getJson(`${env.platform.urls[service]}/openapi.json`);
    expect(res.status).toBe(200);
    const doc = res.body as { paths: Record<string, Record<string, { 'x-scopes': string[] }>> };
    const documented = Object.entries(doc.paths)
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')} ${op['x-scopes'].join(' ')}`))
      .sort();
    const app = env.platform.apps().find((a) => a.name === service)!.app;
    const served = listRoutePolicies(app)
      .filter((r) => r.policy !== 'public')
      .map((r) => `${r.method} ${r.path} ${typeof r.policy === 'string' ? r.policy : 'scopes' in r.policy ? r.policy.scopes.join(' ') : r.policy.signature}`)
      .sort();
    expect(documented).toEqual(served);
  });

  it('describes refund requests with the schema the refunds API validates with', async () => {
    const res = await getJson(`${env.platform.urls.refunds}/openapi.json`);
    const schema = res.body.components.schemas.RefundRequest;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(['amount', 'reason']);
    expect(res.body.components.schemas.Approval.properties.decision).toMatchObject({ enum: ['approve', 'reject'] });
  });

  it('describes the request body with the schema the API validates with (unknown fields refused)', async () => {
    const res = await getJson(`${env.platform.urls.intake}/openapi.json`);
    const schema = res.body.components.schemas.PaymentRequest;
    expect(schema.additionalProperties).toBe(false);
    expect(schema.required).toEqual(expect.arrayContaining(['amount', 'currency', 'payer', 'payee', 'method', 'orderReference']));
    expect(schema.properties.amount).toMatchObject({ type: 'string', pattern: '^[1-9]\\d{0,17}$' });
  });
});
