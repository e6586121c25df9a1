import { z } from 'zod';
import { ProblemException } from '@pl/service-kit';

/** GET /v1/payments query. Strict: an unknown parameter is an error, not silently ignored. */
export const paymentListQuery = z.strictObject({
  status: z.string().regex(/^[a-z_]{1,32}$/, 'must be a payment status such as "requested"').optional(),
  from: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-11-01T00:00:00Z' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'must be an ISO 8601 date-time, e.g. 2026-12-01T00:00:00Z' }).optional(),
  limit: z
    .string()
    .regex(/^\d{1,3}$/, 'must be a whole number from 1 to 200')
    .transform(Number)
    .refine((n) => n >= 1 && n <= 200, 'must be a whole number from 1 to 200')
    .optional(),
  cursor: z.string().max(200).optional(),
});

export type PaymentListQuery = z.infer<typeof paymentListQuery>;

/** Where the previous page ended: newest first, ties broken by id. Opaque to clients. */
export interface Cursor {
  readonly requestedAt: string;
  readonly id: string;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify([c.requestedAt, c.id])).toString('base64url');

export function decodeCursor(text: string): Cursor {
  try {
    const [requestedAt, id] = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as unknown[];
    if (typeof requestedAt === 'string' && typeof id === 'string' && !Number.isNaN(Date.parse(requestedAt)) && /^[0-9a-f-]{36}$/.test(id)) {
      return { requestedAt, id };
    }
  } catch {
    // fall through: not a cursor this API issued
  }
  throw new ProblemException({
    status: 400,
    type: 'validation-error',
    title: 'Invalid request',
    detail: 'cursor is not one this API issued: pass nextCursor from the previous page unchanged',
    extra: { errors: [{ path: 'cursor', message: 'unknown cursor' }] },
  });
}
