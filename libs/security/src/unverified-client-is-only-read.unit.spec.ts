import { unverifiedClientId } from './unverified-client';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const bearer = (claims: unknown) => `Bearer ${b64({ alg: 'ES256', typ: 'JWT' })}.${b64(claims)}.${Buffer.from('any signature').toString('base64url')}`;

describe('unverifiedClientId', () => {
  it('reads the client a token claims, as the verifier would name it (client_id, then azp, then sub), without checking the signature', () => {
    expect(unverifiedClientId(bearer({ sub: 'erp', client_id: 'erp-client', azp: 'other' }))).toBe('erp-client');
    expect(unverifiedClientId(bearer({ sub: 'erp', azp: 'erp-azp' }))).toBe('erp-azp');
    expect(unverifiedClientId(bearer({ sub: 'erp' }))).toBe('erp');
  });

  it('gives nothing for a missing, malformed or claimless header', () => {
    expect(unverifiedClientId(undefined)).toBeUndefined();
    expect(unverifiedClientId('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(unverifiedClientId('Bearer not-a-jwt')).toBeUndefined();
    expect(unverifiedClientId(bearer({ scope: 'payments:write' }))).toBeUndefined();
    expect(unverifiedClientId(['Bearer a.b.c', 'Bearer d.e.f'])).toBeUndefined();
  });
});
