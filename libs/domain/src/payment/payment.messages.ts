import type { Command, Event } from '../shared/messages';
import type { CurrencyCode, Money } from '../money';
import type { LifecycleCommand, LifecycleEvent } from './lifecycle.messages';
import type { RefundReservationCommand, RefundReservationEvent } from './refund-reservation.messages';

export * from './lifecycle.messages';
export * from './refund-reservation.messages';

export const PAYMENT_METHOD_TYPES = ['card', 'bank_account', 'wallet'] as const;
export type PaymentMethodType = (typeof PAYMENT_METHOD_TYPES)[number];

/** A payment instrument by token and masked reference: a full card number is never held. */
export type PaymentMethod = Readonly<{ type: PaymentMethodType; token: string; masked: string }>;

/** What a payment request says, the same in the command and in the event that records it. */
type PaymentRequestFields = {
  paymentId: string;
  payerId: string;
  payeeId: string;
  method: PaymentMethod;
  orderReference: string;
  metadata: Readonly<Record<string, string>>;
  idempotencyKey: string;
  /** Passed in, never read from a clock inside the decider. */
  requestedAt: string;
};

export type RequestPayment = Command<'RequestPayment', PaymentRequestFields & { amount: Money }>;

export type PaymentRequested = Event<
  'PaymentRequested',
  PaymentRequestFields & {
    /** Minor units as a string of digits: JSON has no bigint. */
    amountMinor: string;
    currency: CurrencyCode;
  }
>;

export const paymentStreamId = (paymentId: string): string => `payment-${paymentId}`;

export type PaymentCommand = RequestPayment | LifecycleCommand | RefundReservationCommand;

export type PaymentEvent = PaymentRequested | LifecycleEvent | RefundReservationEvent;

export const PAYMENT_EVENT_TYPES: readonly PaymentEvent['type'][] = [
  'PaymentRequested',
  'PaymentRiskAssessed',
  'PaymentRouted',
  'PaymentSubmittedToBank',
  'PaymentAuthorized',
  'PaymentSettled',
  'PaymentDeclined',
  'PaymentFailed',
  'PaymentExpired',
  'PaymentRefundReserved',
  'PaymentRefundReleased',
  'PaymentRefunded',
];
