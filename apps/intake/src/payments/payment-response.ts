import type { PaymentRequested, PaymentState } from '@pl/domain';

/** Refund figures in minor units: paid back, reserved for refunds under way, still refundable (0 unless settled). */
export function refundFigures(state: PaymentState): { refunded: string; refundPending: string; refundable: string } {
  if (state.status !== 'settled') return { refunded: '0', refundPending: '0', refundable: '0' };
  const { refundedMinor, reservedMinor } = state.refunds;
  return { refunded: refundedMinor.toString(), refundPending: reservedMinor.toString(), refundable: (state.amount.amountMinor - refundedMinor - reservedMinor).toString() };
}

/** The payment as intake knows it right after the request: same shape reporting serves later. */
export function requestedPaymentResource(event: PaymentRequested['data'], version: bigint) {
  return {
    id: event.paymentId,
    object: 'payment' as const,
    status: 'requested',
    amount: event.amountMinor,
    currency: event.currency,
    refunded: '0',
    refundPending: '0',
    refundable: '0',
    payer: { id: event.payerId },
    payee: { id: event.payeeId },
    method: { type: event.method.type, masked: event.method.masked },
    orderReference: event.orderReference,
    metadata: event.metadata,
    version: Number(version),
    requestedAt: event.requestedAt,
    updatedAt: event.requestedAt,
  };
}

export type PaymentResource = ReturnType<typeof requestedPaymentResource>;

/** Names the request fields that differ from the ones stored under the same idempotency key. */
export function differingFields(stored: PaymentRequested['data'], body: PaymentRequested['data']): string[] {
  const pairs: Array<[string, unknown, unknown]> = [
    ['amount', stored.amountMinor, body.amountMinor],
    ['currency', stored.currency, body.currency],
    ['payer.id', stored.payerId, body.payerId],
    ['payee.id', stored.payeeId, body.payeeId],
    ['method.type', stored.method.type, body.method.type],
    ['method.token', stored.method.token, body.method.token],
    ['method.masked', stored.method.masked, body.method.masked],
    ['orderReference', stored.orderReference, body.orderReference],
    ['metadata', JSON.stringify(sortKeys(stored.metadata)), JSON.stringify(sortKeys(body.metadata))],
  ];
  return pairs.filter(([, a, b]) => a !== b).map(([name]) => name);
}

const sortKeys = (o: Readonly<Record<string, string>>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
