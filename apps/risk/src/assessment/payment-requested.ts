import { z } from 'zod';
import { isCurrencyCode, PAYMENT_METHOD_TYPES, type CurrencyCode, type PaymentMethodType } from '@pl/domain';
import type { JsonObject } from '@pl/event-store';
import { PermanentError } from '@pl/messaging';

/** The part of PaymentRequested risk reads. Not strict: newer writers may add fields. */
const requestedData = z.object({
  paymentId: z.string().min(1),
  payerId: z.string().min(1),
  payeeId: z.string().min(1),
  amountMinor: z.string().regex(/^\d+$/),
  currency: z.string().refine(isCurrencyCode),
  method: z.object({ type: z.enum(PAYMENT_METHOD_TYPES) }),
  orderReference: z.string(),
  requestedAt: z.iso.datetime(),
});

export interface RequestFacts {
  readonly paymentId: string;
  readonly payerId: string;
  readonly payeeId: string;
  readonly amountMinor: bigint;
  readonly currency: CurrencyCode;
  readonly methodType: PaymentMethodType;
  readonly orderReference: string;
  readonly requestedAt: string;
}

/** A PaymentRequested that does not parse can never be assessed: dead-letter it with the reason. */
export function parsePaymentRequested(data: JsonObject): RequestFacts {
  const parsed = requestedData.safeParse(data);
  if (!parsed.success) {
    throw new PermanentError(`PaymentRequested: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  }
  const d = parsed.data;
  return {
    paymentId: d.paymentId,
    payerId: d.payerId,
    payeeId: d.payeeId,
    amountMinor: BigInt(d.amountMinor),
    currency: d.currency,
    methodType: d.method.type,
    orderReference: d.orderReference,
    requestedAt: d.requestedAt,
  };
}
