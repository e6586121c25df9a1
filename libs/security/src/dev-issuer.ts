import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type JWK } from 'jose';
import type { AuthOptions } from './auth-options';

export interface DevIssuer {
  readonly issuer: string;
  readonly audience: string;
  /** The public half only; the private key never leaves this object. */
  publicJwks(): JWK[];
  /** AuthOptions trusting this issuer, for `SecurityModule.forRoot`. */
  authOptions(): AuthOptions;
  issueToken(request: { subject: string; scopes: readonly string[]; ttlSeconds?: number; clientId?: string }): Promise<string>;
}

/**
 * A throw-away ES256 issuer held in memory, for development and tests. Nothing enables it implicitly:
 * a service uses it only when the operator sets AUTH_DEV_ISSUER=1 (see `devIssuerRequested`).
 * Tokens look like RFC 9068 access tokens (typ at+jwt, scope, client_id, jti).
 */
export async function createDevIssuer(options: { issuer: string; audience: string }): Promise<DevIssuer> {
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const kid = randomUUID();
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'ES256', use: 'sig' };
  return {
    issuer: options.issuer,
    audience: options.audience,
    publicJwks: () => [{ ...publicJwk }],
    authOptions: () => ({ issuer: options.issuer, audience: options.audience, jwks: { keys: [{ ...publicJwk }] } }),
    issueToken: async ({ subject, scopes, ttlSeconds = 3600, clientId = subject }) => {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ scope: scopes.join(' '), client_id: clientId })
        .setProtectedHeader({ alg: 'ES256', kid, typ: 'at+jwt' })
        .setIssuer(options.issuer)
        .setAudience(options.audience)
        .setSubject(subject)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(randomUUID())
        .sign(privateKey);
    },
  };
}
