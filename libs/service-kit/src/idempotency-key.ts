import { ProblemException } from './problem';

/** Stripe-style key: 1–255 visible ASCII characters, scoped to the calling client. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The request's Idempotency-Key header, or a 400 problem: every write that creates something needs one. */
export function requireIdempotencyKey(header: string | undefined): string {
  if (header === undefined || !IDEMPOTENCY_KEY.test(header)) {
    throw new ProblemException({
      status: 400,
      type: 'idempotency-key-missing',
      title: 'Idempotency-Key header required',
      detail: 'send an Idempotency-Key header of 1 to 255 visible ASCII characters; retries must reuse it',
    });
  }
  return header;
}
