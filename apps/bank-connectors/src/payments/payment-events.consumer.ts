import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { DomainError, type PaymentAuthorized, type PaymentRouted } from '@pl/domain';
import { fromBusMessage, PAYMENT_EVENTS_TOPIC, PER_STREAM_CONCURRENCY, PermanentError, type MessageBus, type Subscription } from '@pl/messaging';
import { RecentHistories } from '@pl/event-store';
import { MESSAGE_BUS } from '@pl/runtime';
import { withSpan } from '@pl/telemetry';
import { Settlements } from './settlements';
import { Submissions } from './submissions';

/**
 * The connectors' share of the payment flow: routed payments go to their bank, authorized ones
 * settle. Other payment events are not ours and pass without a span. The bus commits only after the
 * handler returns; an unexpected error is retried, a refusal of the decider is dead-lettered.
 */
@Injectable()
export class PaymentEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  /** Every payment event delivered, so the stream up to the one handled is known without a read. */
  private readonly recent = new RecentHistories();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly submissions: Submissions,
    private readonly settlements: Settlements,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: 'bank-connectors',
      topics: [PAYMENT_EVENTS_TOPIC],
      // Several payments at a time (a slow bank holds up only its own), each payment's events in order.
      concurrency: PER_STREAM_CONCURRENCY,
      handler: async (message) => {
        const event = fromBusMessage(message);
        const known = this.recent.upTo(event);
        if (event.type !== 'PaymentRouted' && event.type !== 'PaymentAuthorized') return;
        await withSpan(
          `bank-connectors ${event.type}`,
          { parent: message.headers, kind: SpanKind.CONSUMER, service: 'bank-connectors', attributes: { 'pl.stream_id': event.streamId } },
          async () => {
            try {
              if (event.type === 'PaymentRouted') await this.submissions.onRouted(event as unknown as PaymentRouted, event.eventId, known);
              else await this.settlements.onAuthorized(event as unknown as PaymentAuthorized, event.eventId, known);
            } catch (error) {
              // The decider said no for a reason that redelivery cannot change: dead-letter with the reason.
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
