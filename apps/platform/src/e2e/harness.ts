import { createDevIssuer, type AuthOptions } from '@pl/security';

export const ISSUER = 'urn:payment-ledger:test-issuer';
export const AUDIENCE = 'payment-ledger';

/** A development issuer for a test run: its public keys go to the services, its tokens to the client. */
export async function testIssuer(): Promise<{ auth: AuthOptions; jwksJson: string; token(scopes: string[], subject?: string): Promise<string> }> {
  const issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
  return {
    auth: { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: issuer.publicJwks() } },
    /** The public keys as a separate process reads them from AUTH_JWKS. */
    jwksJson: JSON.stringify({ keys: issuer.publicJwks() }),
    token: (scopes, subject = 'erp-client') => issuer.issueToken({ subject, scopes, ttlSeconds: 600 }),
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
