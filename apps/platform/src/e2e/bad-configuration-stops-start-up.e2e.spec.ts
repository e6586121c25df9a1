import { spawnEntry } from '@pl/testing';

/** A service refuses to start on a bad value and says which variable is wrong and why. */
describe('a service started with bad configuration', () => {
  it.each([
    ['apps/intake/src/main.ts', { PORT: 'abc', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' }, 'PORT'],
    ['apps/reporting/src/main.ts', { BUS: 'kafka', DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' }, 'KAFKA_BROKERS'],
    ['apps/risk/src/main.ts', { DATABASE_URL: 'mysql://nope' }, 'DATABASE_URL'],
  ])('%s with %p exits 1 naming %s', async (entry, env, variable) => {
    const proc = spawnEntry(entry, { AUTH_ISSUER: 'urn:x', AUTH_AUDIENCE: 'y', AUTH_JWKS: '{"keys":[]}', ...env });
    const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(proc.output()).toContain(variable);
    expect(proc.output()).toMatch(/Invalid configuration/);
  }, 30_000);
});
