import { spawnEntry } from '@pl/testing';
import { testIssuer } from './harness';

/** A service refuses to start on a bad value and says which variable is wrong and why. */
describe('a service started with bad configuration', () => {
  it.each([
    ['apps/intake/src/main.ts', { PORT: 'abc', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' }, 'PORT'],
    ['apps/reporting/src/main.ts', { BUS: 'kafka', KAFKA_BROKERS: '', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' }, 'KAFKA_BROKERS'],
    ['apps/routing/src/main.ts', { DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x', AUTH_JWKS: '{"keys":[]}' }, 'AUTH_JWKS'],
    ['apps/risk/src/main.ts', { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL'],
  ])('%s with %p exits 1 naming %s', async (entry, env, variable) => {
    // Everything else valid, so the named variable is the only reason to refuse.
    const { jwksJson } = await testIssuer();
    const proc = spawnEntry(entry, { AUTH_ISSUER: 'urn:x', AUTH_AUDIENCE: 'y', AUTH_JWKS: jwksJson, ...env });
    const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(proc.output()).toContain(variable);
    expect(proc.output()).toMatch(/Invalid configuration/);
  }, 30_000);
});
