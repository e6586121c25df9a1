import type { PaymentView } from '../read-model/payment-view.entity';

/** The public shape of a payment. Amounts are strings of minor-unit digits, never numbers. */
export function paymentResource(view: PaymentView) {
  return {
    id: view.paymentId,
    object: 'payment' as const,
    status: view.status,
    amount: view.amountMinor,
    currency: view.currency,
    // Refund figures (minor units): paid back; reserved for refunds under way; still refundable (0 unless settled).
    refunded: view.refundedMinor,
    refundPending: view.refundPendingMinor,
    refundable: view.refundableMinor,
    payer: { id: view.payerId },
    payee: { id: view.payeeId },
    method: { type: view.methodType, masked: view.methodMasked },
    orderReference: view.orderReference,
    metadata: view.metadata,
    version: Number(view.version),
    requestedAt: view.requestedAt.toISOString(),
    updatedAt: view.updatedAt.toISOString(),
  };
}
