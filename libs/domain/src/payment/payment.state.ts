import type { Money } from '../money';
import type { PaymentMethod } from './payment.messages';

/** The payment's state is a union keyed by status: each status carries exactly what it knows. */
export type PaymentState =
  | Readonly<{ status: 'none' }>
  | Readonly<{
      status: 'requested';
      paymentId: string;
      amount: Money;
      payerId: string;
      payeeId: string;
      method: PaymentMethod;
      orderReference: string;
      idempotencyKey: string;
      requestedAt: string;
    }>;

export type PaymentStatus = PaymentState['status'];
