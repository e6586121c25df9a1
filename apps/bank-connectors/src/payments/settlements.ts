import { Injectable } from '@nestjs/common';
import { foldPayment, type LifecycleCommand, type PaymentAuthorized, type PaymentState } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';
import { PaymentCommands } from './payment-commands';

type Authorized = Extract<PaymentState, { status: 'authorized' }>;

/**
 * PaymentAuthorized → SettlePayment. The sandbox settles T+0 and keeps the fee routing quoted, so
 * the merchant receives amount − quoted fee. A redelivery finds the payment settled and does nothing
 * (settledAt would differ, so the decider must not even be asked).
 */
@Injectable()
export class Settlements {
  constructor(private readonly payments: PaymentCommands) {}

  /** `known`: the stream up to this event as delivered; used only if settling on it appends. */
  async onAuthorized(event: PaymentAuthorized, eventId: string, known?: readonly RecordedEvent[]): Promise<void> {
    const { paymentId } = event.data;
    if (known) {
      const held = foldPayment(known);
      if (held.status === 'authorized' && (await this.payments.applyOnKnown(this.settle(held), eventId, known))) return;
    }
    const state = await this.payments.state(paymentId);
    if (state.status !== 'authorized') return;
    await this.payments.apply(this.settle(state), eventId);
  }

  private settle(state: Authorized): LifecycleCommand {
    const fee = state.route.quotedFee.amountMinor;
    return {
      type: 'SettlePayment',
      data: { paymentId: state.paymentId, feeMinor: fee, settledAmountMinor: state.amount.amountMinor - fee, settledAt: this.payments.now().toISOString() },
    };
  }
}
