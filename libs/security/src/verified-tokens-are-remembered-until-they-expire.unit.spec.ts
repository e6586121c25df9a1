import { createDevIssuer, createTokenVerifier, verifyEachTime, type DevIssuer, type FreshVerification } from './index';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'payment-ledger';

/**
 * The guard verifies a token once and answers from memory until it expires or for a minute at most;
 * each full verification (signature included) is the real one, counted.
 */
describe('verified tokens are remembered until they expire', () => {
  let issuer: DevIssuer;
  let clock: number;
  let verifications: string[];
  let verifier: ReturnType<typeof createTokenVerifier>;

  beforeAll(async () => {
    issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
  });
  beforeEach(() => {
    clock = Date.now();
    verifications = [];
    const real = verifyEachTime(issuer.authOptions());
    const counted: FreshVerification = (token) => {
      verifications.push(token);
      return real(token);
    };
    verifier = createTokenVerifier(issuer.authOptions(), () => clock, counted);
  });

  it('verifies a token once for many requests within a minute, then again', async () => {
    const token = await issuer.issueToken({ subject: 'erp-1', scopes: ['payments:write'] });
    const first = await verifier.verify(token);
    for (let i = 0; i < 5; i++) await expect(verifier.verify(token)).resolves.toEqual(first);
    expect(verifications).toHaveLength(1);
    clock += 61_000;
    await expect(verifier.verify(token)).resolves.toEqual(first);
    expect(verifications).toHaveLength(2);
  });

  it('never answers from memory after the token expires', async () => {
    const token = await issuer.issueToken({ subject: 'erp-1', scopes: ['payments:write'], ttlSeconds: 10 });
    await verifier.verify(token);
    clock += 11_000; // past exp, inside the minute
    await verifier.verify(token); // still within jose's 30 s clock tolerance on the real clock: verified afresh
    expect(verifications).toHaveLength(2);
  });

  it('verifies a token with one byte changed afresh, and refuses it; failures are not remembered', async () => {
    const token = await issuer.issueToken({ subject: 'erp-1', scopes: ['payments:write'] });
    await verifier.verify(token);
    const body = token.split('.');
    const tampered = [body[0], body[1], `${body[2]!.slice(0, -2)}${body[2]!.endsWith('AA') ? 'BB' : 'AA'}`].join('.');
    await expect(verifier.verify(tampered)).rejects.toThrow(/signature does not verify|malformed/);
    await expect(verifier.verify(tampered)).rejects.toThrow(/signature does not verify|malformed/);
    expect(verifications).toEqual([token, tampered, tampered]);
  });
});
