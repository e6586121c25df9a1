import { createLocalJWKSet, createRemoteJWKSet, errors, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import type { AuthOptions } from './auth-options';
import type { VerifiedPrincipal } from './principal';

/** Asymmetric algorithms only: `none` and HS* (a shared secret anyone with the JWKS could guess at) are refused. */
export const ALLOWED_ALGORITHMS = ['ES256', 'RS256', 'EdDSA'] as const;

/** The token is not acceptable: answered 401 with `error="invalid_token"`. */
export class InvalidTokenError extends Error {
  override readonly name = 'InvalidTokenError';
}

/** The keys could not be fetched (issuer down, bad JWKS): a server-side problem, not the caller's. */
export class KeySourceUnavailableError extends Error {
  override readonly name = 'KeySourceUnavailableError';
}

export interface TokenVerifier {
  verify(token: string): Promise<VerifiedPrincipal>;
}

/** Verified tokens remembered, at most this many (the least recently used go first)... */
const CACHED_TOKENS = 10_000;
/** ...and each at most this long, so that a key the issuer withdraws stops working within it. */
const CACHE_TTL_MS = 60_000;

/**
 * Verifies every token once, then answers from memory until the token expires (or for a minute at
 * most): a client sends the same token with every request for its lifetime, and an ES256
 * verification per request cost more CPU than the rest of the guard. The cache is keyed by the
 * whole token, so a changed byte is a different token, verified afresh; failures are never cached.
 */
export function createTokenVerifier(
  options: AuthOptions,
  now: () => number = Date.now,
  verifier: FreshVerification = verifyEachTime(options),
): TokenVerifier {
  const cache = new Map<string, { principal: VerifiedPrincipal; until: number }>();
  return {
    async verify(token) {
      const hit = cache.get(token);
      if (hit && now() < hit.until) {
        cache.delete(token);
        cache.set(token, hit);
        return hit.principal;
      }
      cache.delete(token);
      const { principal, expiresAt } = await verifier(token);
      cache.set(token, { principal, until: Math.min(expiresAt * 1000, now() + CACHE_TTL_MS) });
      if (cache.size > CACHED_TOKENS) cache.delete(cache.keys().next().value!);
      return principal;
    },
  };
}

/** One full verification (signature, issuer, audience, times): the principal and the token's expiry (epoch seconds). */
export type FreshVerification = (token: string) => Promise<{ principal: VerifiedPrincipal; expiresAt: number }>;

export function verifyEachTime(options: AuthOptions): FreshVerification {
  const keys: JWTVerifyGetKey =
    'url' in options.jwks
      ? createRemoteJWKSet(new URL(options.jwks.url), { timeoutDuration: 5000, cooldownDuration: 30_000 })
      : createLocalJWKSet({ keys: [...options.jwks.keys] });
  return async (token) => {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          issuer: options.issuer,
          audience: options.audience,
          algorithms: [...ALLOWED_ALGORITHMS],
          clockTolerance: options.clockToleranceSeconds ?? 30,
          // A token without an expiry would be valid forever.
          requiredClaims: ['exp', 'sub'],
        }));
      } catch (error) {
        throw classify(error);
      }
      // requiredClaims makes exp present.
      return { principal: principalFrom(payload), expiresAt: payload.exp ?? 0 };
  };
}

function principalFrom(payload: JWTPayload): VerifiedPrincipal {
  return { subject: payload.sub ?? '', clientId: clientIdOf(payload), scopes: scopesOf(payload), tokenId: payload.jti };
}

/** The client a token names: `client_id`, else `azp`, else the subject (RFC 9068). */
export function clientIdOf(payload: JWTPayload): string {
  return stringClaim(payload['client_id']) ?? stringClaim(payload['azp']) ?? payload.sub ?? '';
}

/** `scope` is a space-separated string (RFC 8693 / 9068); some issuers send `scp` as an array instead. */
export function scopesOf(payload: JWTPayload): string[] {
  const fromScope = typeof payload['scope'] === 'string' ? payload['scope'].split(/\s+/) : [];
  const scp = payload['scp'];
  const fromScp = Array.isArray(scp) ? scp.filter((s): s is string => typeof s === 'string') : typeof scp === 'string' ? scp.split(/\s+/) : [];
  return [...new Set([...fromScope, ...fromScp].filter((s) => s !== ''))];
}

function stringClaim(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function classify(error: unknown): Error {
  if (error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) {
    return new KeySourceUnavailableError(`cannot load the issuer's keys: ${error.message}`);
  }
  if (error instanceof errors.JWTExpired) return new InvalidTokenError('the token has expired');
  if (error instanceof errors.JWTClaimValidationFailed) return new InvalidTokenError(`the token's "${error.claim}" claim is not accepted (${error.reason})`);
  if (error instanceof errors.JOSEAlgNotAllowed) return new InvalidTokenError('the token is signed with an algorithm that is not accepted');
  if (error instanceof errors.JWSSignatureVerificationFailed || error instanceof errors.JWKSNoMatchingKey) {
    return new InvalidTokenError("the token's signature does not verify with the issuer's keys");
  }
  if (error instanceof errors.JOSEError) return new InvalidTokenError('the token is malformed');
  // Anything else (a failed fetch of a remote JWKS) is ours, not the caller's.
  return new KeySourceUnavailableError(`cannot verify tokens: ${error instanceof Error ? error.message : String(error)}`);
}
