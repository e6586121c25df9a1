import { createDevIssuer, type AuthOptions } from '@pl/security';
import { createTestDatabase } from '@pl/testing';
import { startPlatform, type Platform } from '../platform';

export const ISSUER = 'urn:payment-ledger:test-issuer';
export const AUDIENCE = 'payment-ledger';

/** A development issuer for a test run: its public keys go to the services, its tokens to the client. */
export async function testIssuer(): Promise<{ auth: AuthOptions; jwksJson: string; token(scopes: string[], subject?: string, ttlSeconds?: number): Promise<string> }> {
  const issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
  return {
    auth: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: issuer.publicJwks() } },
    /** The public keys as a separate process reads them from AUTH_JWKS. */
    jwksJson: JSON.stringify({ keys: issuer.publicJwks() }),
    token: (scopes, subject = 'erp-client', ttlSeconds = 600) => issuer.issueToken({ subject, scopes, ttlSeconds }),
  };
}

export const paymentBody = (overrides: Record<string, unknown> = {}) => ({
  amount: '12550',
  currency: 'CNY',
  payer: { id: 'cust-42' },
  payee: { id: 'merchant-7' },
  method: { type: 'card', token: 'tok_visa_4242', masked: '424242******4242' },
  orderReference: 'ERP-2026-0001',
  metadata: { branch: 'CMB Beijing' },
  ...overrides,
});

export async function postJson(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export async function getJson(url: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}

export interface EmbeddedPlatform {
  readonly platform: Platform;
  /** Authorization header with a token carrying the scopes asked for. */
  readonly auth: Record<string, string>;
  /** An Authorization header for someone else (another subject, other scopes), e.g. an approver. */
  authAs(subject: string, scopes: string[]): Promise<Record<string, string>>;
}

/**
 * The embedded platform on a database of its own, started before the file's tests and stopped
 * after them. Read the fields inside tests or hooks (they are set in beforeAll).
 */
export function useEmbeddedPlatform(name: string, scopes: string[] = []): EmbeddedPlatform {
  let platform: Platform | undefined;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let auth: Record<string, string> = {};
  let issuer: Awaited<ReturnType<typeof testIssuer>> | undefined;
  beforeAll(async () => {
    db = await createTestDatabase(name);
    issuer = await testIssuer();
    platform = await startPlatform({ databaseUrl: db.url, auth: issuer.auth, basePort: 0 });
    if (scopes.length > 0) auth = { authorization: `Bearer ${await issuer.token(scopes)}` };
  });
  afterAll(async () => {
    await platform?.close();
    await db?.drop();
  });
  return {
    get platform() {
      if (!platform) throw new Error('the platform starts in beforeAll');
      return platform;
    },
    get auth() {
      return auth;
    },
    authAs: async (subject, scopes) => {
      if (!issuer) throw new Error('the platform starts in beforeAll');
      return { authorization: `Bearer ${await issuer.token(scopes, subject)}` };
    },
  };
}
