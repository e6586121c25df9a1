import type { PaymentEvent } from '@pl/domain';

/**
 * The status a payment shows after one of its events, for the read model (the decider's evolve
 * is the authority; this reads the same facts one event at a time). Undefined: no change.
 */
export function statusAfter(event: PaymentEvent): string | undefined {
  switch (event.type) {
    case 'PaymentRequested':
      return 'requested';
    case 'PaymentRiskAssessed':
      return event.data.decision === 'approve' ? 'approved' : event.data.decision === 'reject' ? 'rejected' : 'under_review';
    case 'PaymentRouted':
      return 'routed';
    case 'PaymentSubmittedToBank':
      return 'submitted';
    case 'PaymentAuthorized':
      return 'authorized';
    case 'PaymentSettled':
      return 'settled';
    case 'PaymentDeclined':
      return 'declined';
    case 'PaymentFailed':
      return 'failed';
    case 'PaymentExpired':
      return 'expired';
    case 'PaymentRefundReserved':
    case 'PaymentRefundReleased':
    case 'PaymentRefunded':
      // A refund changes what is refundable, not the payment's status: it stays settled.
      return undefined;
    default: {
      const _never: never = event;
      return undefined;
    }
  }
}
