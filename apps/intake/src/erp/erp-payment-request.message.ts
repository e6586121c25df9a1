import { z } from 'zod';
import { PermanentError } from '@pl/messaging';
import { paymentRequestSchema, type PaymentRequestBody } from '../payments/payment-request.schema';

/** Upstream ERP/CRM systems publish payment requests here; the request id is the idempotency key. */
export const ERP_PAYMENT_REQUESTS_TOPIC = 'erp.payment-requests';

const erpPaymentRequest = z.strictObject({
  /** Unique per business request; a re-published message carries the same one. */
  requestId: z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1 to 255 visible ASCII characters'),
  /** Which upstream system sent it (e.g. "sap-prod"): keys are scoped per source, like per HTTP client. */
  source: z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, 'must be a lower-case system name, e.g. "sap-prod"'),
  payment: paymentRequestSchema,
});

export interface ErpPaymentRequest {
  readonly requestId: string;
  readonly source: string;
  readonly payment: PaymentRequestBody;
}

/** Parses a message value; anything malformed is permanent (dead-lettered with the reason), never retried. */
export function parseErpPaymentRequest(value: string): ErpPaymentRequest {
  let json: unknown;
  try {
    json = JSON.parse(value);
  } catch {
    throw new PermanentError('malformed message: not JSON');
  }
  const parsed = erpPaymentRequest.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(message)'}: ${i.message}`);
    throw new PermanentError(`invalid payment request: ${problems.join('; ')}`);
  }
  return parsed.data;
}
