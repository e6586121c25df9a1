import type { RefundReservationEvent } from './refund-reservation.messages';
import type { RefundBook, RefundReservation } from './payment.state';

/** Folds one refund event into a settled payment's book; amounts move between reserved and refunded. */
export function applyRefund(book: RefundBook, event: RefundReservationEvent): RefundBook {
  const amount = BigInt(event.data.amountMinor);
  const others = book.reservations.filter((r) => r.refundId !== event.data.refundId);
  const feeOnRefund = book.reservations.find((r) => r.refundId === event.data.refundId)?.feeOnRefund;
  const kept = feeOnRefund ? { feeOnRefund } : {};
  const replace = (r: RefundReservation): readonly RefundReservation[] => [...others, r];
  switch (event.type) {
    case 'PaymentRefundReserved':
      return {
        reservations: replace({ refundId: event.data.refundId, amountMinor: amount, status: 'reserved', ...(event.data.feeOnRefund ? { feeOnRefund: event.data.feeOnRefund } : {}) }),
        reservedMinor: book.reservedMinor + amount,
        refundedMinor: book.refundedMinor,
      };
    case 'PaymentRefundReleased':
      return {
        reservations: replace({ refundId: event.data.refundId, amountMinor: amount, status: 'released', ...kept }),
        reservedMinor: book.reservedMinor - amount,
        refundedMinor: book.refundedMinor,
      };
    case 'PaymentRefunded':
      return {
        reservations: replace({ refundId: event.data.refundId, amountMinor: amount, status: 'refunded', bankRefundId: event.data.bankRefundId, ...kept }),
        reservedMinor: book.reservedMinor - amount,
        refundedMinor: book.refundedMinor + amount,
      };
    default: {
      const _never: never = event;
      return _never;
    }
  }
}
