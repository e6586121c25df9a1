import { Inject, Injectable } from '@nestjs/common';
import { foldPayment, type PaymentRequested, paymentStreamId } from '@pl/domain';
import type { EventStore } from '@pl/event-store';
import { EVENT_STORE } from '@pl/runtime';
import { refundFigures, requestedPaymentResource, type PaymentResource } from './payment-response';

/**
 * A payment read straight from its stream: always current (no projection lag), with the stream
 * revision as its version, so a client can send it back as If-Match / If-None-Match.
 */
@Injectable()
export class GetPaymentHandler {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async handle(paymentId: string): Promise<{ payment: PaymentResource; revision: bigint } | undefined> {
    const events = await this.store.readStream(paymentStreamId(paymentId));
    const first = events[0];
    const last = events.at(-1);
    if (!first || !last || first.type !== 'PaymentRequested') return undefined;
    const state = foldPayment(events);
    const requested = (first as unknown as PaymentRequested).data;
    return {
      payment: { ...requestedPaymentResource(requested, last.revision), status: state.status, ...refundFigures(state), updatedAt: last.metadata.occurredAt },
      revision: last.revision,
    };
  }
}
