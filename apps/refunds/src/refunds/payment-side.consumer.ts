import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { DomainError, paymentDecider, paymentStreamId, type RefundEvent, type RefundReservationCommand } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { fromBusMessage, PermanentError, REFUND_EVENTS_TOPIC, type MessageBus, type Subscription } from '@pl/messaging';
import { CLOCK, EVENT_STORE, MESSAGE_BUS, type Clock } from '@pl/runtime';
import { traceCarrier, withSpan } from '@pl/telemetry';

/** Concurrent refunds of one payment append on its stream too: a lost race re-reads and decides again. */
const PAYMENT_RETRIES = 120;

/** What a refund's end means for its payment: the reservation becomes refunded money, or is given back. */
export function paymentCommandFor(event: RefundEvent): RefundReservationCommand | undefined {
  switch (event.type) {
    case 'RefundSucceeded':
      return { type: 'CompleteRefund', data: { paymentId: event.data.paymentId, refundId: event.data.refundId, bankRefundId: event.data.bankRefundId, refundedAt: event.data.succeededAt } };
    case 'RefundFailed':
      return { type: 'ReleaseRefund', data: { paymentId: event.data.paymentId, refundId: event.data.refundId, reason: event.data.reason, releasedAt: event.data.failedAt } };
    case 'RefundRejected':
      return { type: 'ReleaseRefund', data: { paymentId: event.data.paymentId, refundId: event.data.refundId, reason: `rejected by ${event.data.rejectedBy}`, releasedAt: event.data.rejectedAt } };
    case 'RefundRequested':
    case 'RefundApprovalRecorded':
    case 'RefundApproved':
    case 'RefundSubmittedToBank':
    case 'RefundAcceptedByBank':
      return undefined;
    default: {
      const _never: never = event;
      return _never;
    }
  }
}

/**
 * Closes each refund on its payment's stream: RefundSucceeded → CompleteRefund (the ledger posts the
 * money back), RefundFailed or RefundRejected → ReleaseRefund (the amount is refundable again). The
 * payment decider makes both idempotent, so redelivery (at-least-once) has no second effect.
 */
@Injectable()
export class PaymentSideConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('refunds payment side');
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: 'refunds.payment-side',
      topics: [REFUND_EVENTS_TOPIC],
      handler: async (message) => {
        const event = fromBusMessage(message);
        const command = paymentCommandFor(event as unknown as RefundEvent);
        if (!command) return;
        await withSpan(
          `refunds ${event.type}`,
          { parent: message.headers, kind: SpanKind.CONSUMER, service: 'refunds', attributes: { 'pl.stream_id': event.streamId } },
          async () => {
            try {
              const paymentId = command.data.paymentId;
              const result = await handleCommand({
                store: this.store,
                streamId: paymentStreamId(paymentId),
                decider: paymentDecider,
                command,
                context: { correlationId: paymentId, causationId: event.eventId, actor: 'service:refunds', occurredAt: this.clock.now().toISOString(), ...traceCarrier() },
                maxRetries: PAYMENT_RETRIES,
              });
              if (result.appended.length === 0) this.logger.log(`${command.type} of refund ${command.data.refundId} was already recorded`);
            } catch (error) {
              if (error instanceof DomainError) throw new PermanentError(`${event.type} ${event.eventId}: ${error.code}: ${error.message}`);
              throw error;
            }
          },
        );
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
