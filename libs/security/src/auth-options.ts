import type { JWK } from 'jose';
import { z } from 'zod';
import { loadConfig, url } from '@pl/config';

/** Where the issuer's public signing keys come from. */
export type JwksSource = { readonly url: string } | { readonly keys: readonly JWK[] };

export interface AuthOptions {
  /** Expected `iss`, exactly. */
  readonly issuer: string;
  /** Expected `aud` (one of the token's audiences). */
  readonly audience: string;
  readonly jwks: JwksSource;
  /** Allowed clock skew for exp / nbf / iat; default 30 s. */
  readonly clockToleranceSeconds?: number;
}

const JWKS_FORM = 'expected a JSON Web Key Set of public signing keys: {"keys":[{"kty":"EC",...}]}';

// Inline keys are parsed here, so a typo stops start-up instead of failing every request later.
const inlineJwks = z.string().transform((raw, ctx): JWK[] => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    ctx.addIssue({ code: 'custom', message: `${JWKS_FORM}; it is not valid JSON` });
    return z.NEVER;
  }
  const keys = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown } | null)?.keys;
  if (!Array.isArray(keys) || keys.length === 0 || !keys.every((k) => typeof k === 'object' && k !== null && typeof (k as JWK).kty === 'string')) {
    ctx.addIssue({ code: 'custom', message: `${JWKS_FORM}; at least one key with a "kty" is needed` });
    return z.NEVER;
  }
  const typed = keys as JWK[];
  if (typed.some((k) => k.kty === 'oct' || 'd' in k)) {
    ctx.addIssue({ code: 'custom', message: 'holds a private or symmetric key: only public keys belong here (never share a signing secret)' });
    return z.NEVER;
  }
  return typed;
});

const localHttp = (value: string) => {
  const u = new URL(value);
  return u.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(u.hostname);
};

const authEnv = z
  .object({
    AUTH_ISSUER: z.string({ error: 'expected the token issuer (the exact "iss" value, e.g. https://idp.example.com/)' }).min(1),
    AUTH_AUDIENCE: z.string({ error: 'expected the audience this service accepts (the "aud" value, e.g. payment-ledger)' }).min(1),
    AUTH_JWKS_URL: url()
      .refine(localHttp, { error: 'expected an https URL (plain http only for localhost)' })
      .optional(),
    AUTH_JWKS: inlineJwks.optional(),
  })
  .superRefine((env, ctx) => {
    const given = [env.AUTH_JWKS_URL, env.AUTH_JWKS].filter((v) => v !== undefined).length;
    if (given !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUTH_JWKS_URL'],
        message: `set exactly one of AUTH_JWKS_URL (the issuer's JWKS endpoint) or AUTH_JWKS (inline public keys); ${given === 0 ? 'neither is set' : 'both are set'}`,
      });
    }
    // Checked even when other variables are bad, so one attempt reports everything.
  }, { when: () => true });

/**
 * Reads AUTH_ISSUER, AUTH_AUDIENCE and one of AUTH_JWKS_URL / AUTH_JWKS. Throws `ConfigError`
 * (from @pl/config) naming every bad variable. Never falls back to a development issuer.
 */
export function authOptionsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): AuthOptions {
  const config = loadConfig(authEnv, env);
  const jwks: JwksSource = config.AUTH_JWKS_URL !== undefined ? { url: config.AUTH_JWKS_URL } : { keys: config.AUTH_JWKS ?? [] };
  return { issuer: config.AUTH_ISSUER, audience: config.AUTH_AUDIENCE, jwks };
}

/** True only when the operator explicitly set AUTH_DEV_ISSUER to 1 / true / yes / on. */
export function devIssuerRequested(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return ['1', 'true', 'yes', 'on'].includes((env['AUTH_DEV_ISSUER'] ?? '').trim().toLowerCase());
}
