import { createHmac, timingSafeEqual } from 'node:crypto';

/** Unix seconds at which the sender signed; part of the signed bytes, so a replay cannot move it. */
export const TIMESTAMP_HEADER = 'x-bank-timestamp';
/** `v1=<hex>`; several comma-separated while a secret is rotated (one per secret the sender holds). */
export const SIGNATURE_HEADER = 'x-bank-signature';
export const DEFAULT_TOLERANCE_SECONDS = 300;

export type RawBody = string | Uint8Array;

export type VerifyFailure = 'missing' | 'stale' | 'future' | 'mismatch' | 'malformed';
export type VerifyResult = { readonly ok: true } | { readonly ok: false; readonly reason: VerifyFailure };

export interface VerifyInput {
  /** Current secret first, then the previous one while a rotation is under way. */
  readonly secrets: readonly string[];
  readonly timestamp: string | undefined;
  readonly signatureHeader: string | undefined;
  /** The exact bytes received: re-serialising parsed JSON would change them. */
  readonly rawBody: RawBody;
  readonly now: Date;
  readonly toleranceSeconds?: number;
}

const TIMESTAMP = /^[0-9]{1,12}$/;
const V1 = /^v1=([0-9a-f]{64})$/;

/** Hex HMAC-SHA256 of `${timestamp}.${rawBody}`. */
export function sign(secret: string, timestamp: number | string, rawBody: RawBody): string {
  return createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex');
}

/** The header value for these secrets: `v1=<hex>` each, so a receiver on either secret accepts it. */
export function signatureHeaderValue(secrets: readonly string[], timestamp: number | string, rawBody: RawBody): string {
  return secrets.map((secret) => `v1=${sign(secret, timestamp, rawBody)}`).join(',');
}

/** Both headers for a request or callback signed now. */
export function signedHeaders(secrets: readonly string[], rawBody: RawBody, now: Date): Record<string, string> {
  const timestamp = Math.floor(now.getTime() / 1000);
  return { [TIMESTAMP_HEADER]: String(timestamp), [SIGNATURE_HEADER]: signatureHeaderValue(secrets, timestamp, rawBody) };
}

/**
 * Checks freshness first (a replayed message fails as stale/future whatever its signature), then
 * compares every offered v1 signature with every accepted secret in constant time. Unknown schemes
 * (`v0=`, `v2=`) are skipped so a sender can add a scheme before receivers know it; a header with no
 * well-formed v1 entry is malformed.
 */
export function verifySignature(input: VerifyInput): VerifyResult {
  const { timestamp, signatureHeader } = input;
  if (timestamp === undefined || timestamp.trim() === '' || signatureHeader === undefined || signatureHeader.trim() === '') {
    return { ok: false, reason: 'missing' };
  }
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'malformed' };
  const offered: Buffer[] = [];
  for (const part of signatureHeader.split(',')) {
    const entry = part.trim();
    if (!entry.startsWith('v1=')) continue;
    const match = V1.exec(entry);
    if (!match?.[1]) return { ok: false, reason: 'malformed' };
    offered.push(Buffer.from(match[1], 'hex'));
  }
  if (offered.length === 0) return { ok: false, reason: 'malformed' };

  const tolerance = input.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  const age = Math.floor(input.now.getTime() / 1000) - Number(timestamp);
  if (age > tolerance) return { ok: false, reason: 'stale' };
  if (-age > tolerance) return { ok: false, reason: 'future' };

  let matched = false;
  for (const secret of input.secrets) {
    if (secret === '') continue; // an unset secret must never verify anything
    const expected = Buffer.from(sign(secret, timestamp, input.rawBody), 'hex');
    // No early exit: the time taken does not depend on which pair matched. Lengths are equal (32 bytes) by the regex.
    for (const candidate of offered) matched = timingSafeEqual(expected, candidate) || matched;
  }
  return matched ? { ok: true } : { ok: false, reason: 'mismatch' };
}
