import type { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import type { PaymentView } from '../read-model/payment-view.entity';

/**
 * A payment's refunds: what was captured, refunded, is pending and can still be refunded (digit
 * strings of minor units), and every refund oldest first. Only a settled payment has captured money.
 */
export function paymentRefundsResource(view: PaymentView, refunds: readonly PaymentRefundView[]) {
  return {
    object: 'payment_refunds' as const,
    paymentId: view.paymentId,
    currency: view.currency,
    capturedMinor: view.status === 'settled' ? view.amountMinor : '0',
    refundedMinor: view.refundedMinor,
    pendingMinor: view.refundPendingMinor,
    refundableMinor: view.refundableMinor,
    version: Number(view.version),
    refunds: refunds.map((r) => ({
      refundId: r.refundId,
      amount: r.amountMinor,
      channel: r.channel,
      status: r.status,
      /** Why a released refund will not happen; null otherwise. */
      reason: r.releaseReason,
      bankRefundId: r.bankRefundId,
      reservedAt: r.reservedAt.toISOString(),
      resolvedAt: r.resolvedAt?.toISOString() ?? null,
    })),
  };
}
