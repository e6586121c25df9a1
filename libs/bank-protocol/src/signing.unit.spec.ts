import { sign, signatureHeaderValue, verifySignature, type VerifyInput } from './index';

const NOW = new Date('2026-03-01T12:00:00Z');
const TS = String(NOW.getTime() / 1000);
const BODY = '{"paymentId":"p-1","amountMinor":"12345"}';
const CURRENT = 'current-secret-0123456789';
const PREVIOUS = 'previous-secret-0123456789';

const verify = (over: Partial<VerifyInput>) =>
  verifySignature({ secrets: [CURRENT], timestamp: TS, signatureHeader: `v1=${sign(CURRENT, TS, BODY)}`, rawBody: BODY, now: NOW, ...over });

describe('bank request signatures (HMAC-SHA256 over "timestamp.rawBody")', () => {
  it('accepts a good signature, over a string or the same bytes', () => {
    expect(verify({})).toEqual({ ok: true });
    expect(verify({ rawBody: Buffer.from(BODY) })).toEqual({ ok: true });
  });

  it('is the documented HMAC (a fixed vector, so both sides cannot drift together)', () => {
    // Computed independently: createHmac('sha256', 'k').update('1.b').digest('hex').
    expect(sign('k', 1, 'b')).toBe('2946e37a45bb02a0bf1bf1a7d9219543801fedd301f9f485aebd72c928639bea');
    expect(sign('k', '1', Buffer.from('b'))).toBe(sign('k', 1, 'b'));
  });

  it('rejects a tampered body, a moved timestamp and a wrong secret as mismatch', () => {
    expect(verify({ rawBody: BODY.replace('12345', '12346') })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify({ timestamp: String(Number(TS) + 1) })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verify({ signatureHeader: `v1=${sign('wrong-secret-0123456789', TS, BODY)}` })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('during rotation accepts the old and the new secret, and a header carrying both', () => {
    const secrets = [CURRENT, PREVIOUS];
    expect(verify({ secrets, signatureHeader: `v1=${sign(PREVIOUS, TS, BODY)}` })).toEqual({ ok: true });
    expect(verify({ secrets, signatureHeader: `v1=${sign(CURRENT, TS, BODY)}` })).toEqual({ ok: true });
    expect(verify({ secrets, signatureHeader: signatureHeaderValue([PREVIOUS, CURRENT], TS, BODY) })).toEqual({ ok: true });
    // After the rotation ends, the old secret no longer verifies.
    expect(verify({ secrets: [CURRENT], signatureHeader: `v1=${sign(PREVIOUS, TS, BODY)}` })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('rejects a timestamp more than 5 minutes old or ahead, and accepts one at the edge', () => {
    const at = (offsetSeconds: number) => {
      const ts = String(Number(TS) + offsetSeconds);
      return verify({ timestamp: ts, signatureHeader: `v1=${sign(CURRENT, ts, BODY)}` });
    };
    expect(at(-300)).toEqual({ ok: true });
    expect(at(300)).toEqual({ ok: true });
    expect(at(-301)).toEqual({ ok: false, reason: 'stale' });
    expect(at(301)).toEqual({ ok: false, reason: 'future' });
    expect(verify({ toleranceSeconds: 10, timestamp: String(Number(TS) - 11) })).toEqual({ ok: false, reason: 'stale' });
  });

  it('reports missing and malformed headers without comparing anything', () => {
    expect(verify({ timestamp: undefined })).toEqual({ ok: false, reason: 'missing' });
    expect(verify({ signatureHeader: '' })).toEqual({ ok: false, reason: 'missing' });
    expect(verify({ timestamp: '12.5' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ timestamp: '-1' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ signatureHeader: 'sha256=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ signatureHeader: 'v1=abc' })).toEqual({ ok: false, reason: 'malformed' });
    expect(verify({ signatureHeader: `v1=${'A'.repeat(64)}` })).toEqual({ ok: false, reason: 'malformed' });
  });

  it('skips unknown schemes next to a valid v1 entry', () => {
    expect(verify({ signatureHeader: `v0=legacy, v1=${sign(CURRENT, TS, BODY)}` })).toEqual({ ok: true });
  });

  it('never verifies with an empty secret', () => {
    expect(verify({ secrets: [''], signatureHeader: `v1=${sign('', TS, BODY)}` })).toEqual({ ok: false, reason: 'mismatch' });
  });
});
