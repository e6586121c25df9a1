import { Injectable } from '@nestjs/common';
import type { PaymentAuthorized } from '@pl/domain';
import { PaymentCommands } from './payment-commands';

/**
 * PaymentAuthorized → SettlePayment. The sandbox settles T+0 and keeps the fee routing quoted, so
 * the merchant receives amount − quoted fee. A redelivery finds the payment settled and does nothing
 * (settledAt would differ, so the decider must not even be asked).
 */
@Injectable()
export class Settlements {
  constructor(private readonly payments: PaymentCommands) {}

  async onAuthorized(event: PaymentAuthorized, eventId: string): Promise<void> {
    const { paymentId } = event.data;
    const state = await this.payments.state(paymentId);
    if (state.status !== 'authorized') return;
    const fee = state.route.quotedFee.amountMinor;
    await this.payments.apply(
      {
        type: 'SettlePayment',
        data: { paymentId, feeMinor: fee, settledAmountMinor: state.amount.amountMinor - fee, settledAt: this.payments.now().toISOString() },
      },
      eventId,
    );
  }
}
