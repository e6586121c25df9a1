import { generateKeyPair, SignJWT, exportJWK, base64url } from 'jose';
import { ConfigError } from '@pl/config';
import { authOptionsFromEnv, createDevIssuer, createTokenVerifier, devIssuerRequested, InvalidTokenError, scopesOf, type DevIssuer } from './index';

const ISSUER = 'https://idp.test/';
const AUDIENCE = 'payment-ledger';

describe('access token verification', () => {
  let issuer: DevIssuer;
  let verify: (token: string) => ReturnType<ReturnType<typeof createTokenVerifier>['verify']>;

  beforeAll(async () => {
    issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const verifier = createTokenVerifier(issuer.authOptions());
    verify = (token) => verifier.verify(token);
  });

  it('accepts a good token and reads the principal', async () => {
    const token = await issuer.issueToken({ subject: 'erp-1', scopes: ['payments:write', 'payments:read'], clientId: 'erp-client' });
    await expect(verify(token)).resolves.toEqual({
      subject: 'erp-1',
      clientId: 'erp-client',
      scopes: ['payments:write', 'payments:read'],
      tokenId: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
  });

  it('refuses a token from another issuer name', async () => {
    const other = await createDevIssuer({ issuer: 'https://evil.test/', audience: AUDIENCE });
    // Same keys trusted, wrong iss: sign with a verifier that trusts `other`'s keys but expects ISSUER.
    const verifier = createTokenVerifier({ ...other.authOptions(), issuer: ISSUER });
    const token = await other.issueToken({ subject: 's', scopes: [] });
    await expect(verifier.verify(token)).rejects.toThrow(new InvalidTokenError('the token\'s "iss" claim is not accepted (check_failed)'));
  });

  it('refuses a token signed by keys it does not trust', async () => {
    const stranger = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
    await expect(verify(await stranger.issueToken({ subject: 's', scopes: [] }))).rejects.toThrow(/signature does not verify/);
  });

  it('refuses the wrong audience', async () => {
    const other = await createDevIssuer({ issuer: ISSUER, audience: 'someone-else' });
    const verifier = createTokenVerifier({ ...other.authOptions(), audience: AUDIENCE });
    await expect(verifier.verify(await other.issueToken({ subject: 's', scopes: [] }))).rejects.toThrow(/"aud" claim/);
  });

  it('refuses an expired token beyond the clock tolerance', async () => {
    await expect(verify(await issuer.issueToken({ subject: 's', scopes: [], ttlSeconds: -60 }))).rejects.toThrow('the token has expired');
  });

  it('tolerates a little clock skew', async () => {
    await expect(verify(await issuer.issueToken({ subject: 's', scopes: [], ttlSeconds: -5 }))).resolves.toBeDefined();
  });

  it('refuses alg "none"', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', typ: 'JWT' }));
    const now = Math.floor(Date.now() / 1000);
    const body = base64url.encode(JSON.stringify({ iss: ISSUER, aud: AUDIENCE, sub: 's', exp: now + 600, scope: 'payments:write' }));
    await expect(verify(`${header}.${body}.`)).rejects.toThrow(InvalidTokenError);
  });

  it('refuses HS256, even with a key an attacker might guess (the public JWK)', async () => {
    const guessed = new TextEncoder().encode(JSON.stringify(issuer.publicJwks()[0]));
    const token = await new SignJWT({ scope: 'payments:write' })
      .setProtectedHeader({ alg: 'HS256', kid: issuer.publicJwks()[0]?.kid })
      .setIssuer(ISSUER)
      .setAudience(AUDIENCE)
      .setSubject('s')
      .setExpirationTime('5m')
      .sign(guessed);
    await expect(verify(token)).rejects.toThrow('the token is signed with an algorithm that is not accepted');
  });

  it('refuses a token without an expiry', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256');
    const verifier = createTokenVerifier({ issuer: ISSUER, audience: AUDIENCE, jwks: { keys: [{ ...(await exportJWK(publicKey)), alg: 'ES256' }] } });
    const token = await new SignJWT({}).setProtectedHeader({ alg: 'ES256' }).setIssuer(ISSUER).setAudience(AUDIENCE).setSubject('s').sign(privateKey);
    await expect(verifier.verify(token)).rejects.toThrow(/"exp" claim/);
  });

  it('reads scopes from "scope" or "scp"', () => {
    expect(scopesOf({ scope: 'a  b' })).toEqual(['a', 'b']);
    expect(scopesOf({ scp: ['a', 'c', 7] })).toEqual(['a', 'c']);
    expect(scopesOf({})).toEqual([]);
  });
});

describe('authOptionsFromEnv', () => {
  const base = { AUTH_ISSUER: ISSUER, AUTH_AUDIENCE: AUDIENCE };

  it('reads a remote JWKS', () => {
    expect(authOptionsFromEnv({ ...base, AUTH_JWKS_URL: 'https://idp.test/jwks.json' })).toEqual({ issuer: ISSUER, audience: AUDIENCE, jwks: { url: 'https://idp.test/jwks.json' } });
  });

  it('reads inline public keys', async () => {
    const issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
    const options = authOptionsFromEnv({ ...base, AUTH_JWKS: JSON.stringify({ keys: issuer.publicJwks() }) });
    expect(options.jwks).toEqual({ keys: issuer.publicJwks() });
  });

  it.each([
    [{}, /AUTH_ISSUER: expected the token issuer[\s\S]*AUTH_AUDIENCE[\s\S]*AUTH_JWKS_URL: set exactly one/],
    [{ ...base, AUTH_JWKS: '{nope' }, /AUTH_JWKS: .*not valid JSON/],
    [{ ...base, AUTH_JWKS: '{"keys":[{"kty":"oct","k":"c2VjcmV0"}]}' }, /AUTH_JWKS: holds a private or symmetric key/],
    [{ ...base, AUTH_JWKS_URL: 'http://idp.example/jwks' }, /AUTH_JWKS_URL: expected an https URL/],
    [{ ...base, AUTH_JWKS_URL: 'https://idp.test/jwks', AUTH_JWKS: '{"keys":[{"kty":"EC"}]}' }, /both are set/],
  ])('names what is wrong in %p', (env, expected) => {
    expect(() => authOptionsFromEnv(env)).toThrow(ConfigError);
    expect(() => authOptionsFromEnv(env)).toThrow(expected);
  });

  it('enables the development issuer only when asked', () => {
    expect(devIssuerRequested({})).toBe(false);
    expect(devIssuerRequested({ AUTH_DEV_ISSUER: '0' })).toBe(false);
    expect(devIssuerRequested({ AUTH_DEV_ISSUER: '1' })).toBe(true);
  });
});
