import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { fromBusMessage, PAYMENT_EVENTS_TOPIC, type DeliveredMessage, type MessageBus, type Subscription } from '@pl/messaging';
import { MESSAGE_BUS } from '@pl/runtime';
import { withSpan, withSpanEach } from '@pl/telemetry';
import { PaymentProjector } from './payment-projector';

/**
 * Events projected in one transaction when they wait on a partition together. Larger batches
 * commit (and release the shared balance and checkpoint rows) less often; a batch holds its
 * payments' rows locked until it commits.
 */
const MAX_BATCH = 500;

/**
 * Feeds payment events from the bus into the projector; the bus commits only after it returns.
 * What waits on a partition is projected in one transaction (`handleBatch`); if that fails the bus
 * hands the same events to `handle` one by one (its retries and dead-lettering per event).
 */
@Injectable()
export class PaymentProjectionConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly projector: PaymentProjector,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: `reporting.${this.projector.name}`,
      topics: [PAYMENT_EVENTS_TOPIC],
      handler: async (message) => {
        const event = fromBusMessage(message);
        await withSpan(`project ${event.type}`, spanOptions(message, event.streamId), async (span) => {
          const outcome = await this.projector.handle(event);
          span.setAttribute('pl.projection.outcome', outcome);
        });
      },
      batch: {
        maxMessages: MAX_BATCH,
        handler: async (messages) => {
          const events = messages.map(fromBusMessage);
          // One span per event, in each payment's own trace, all covering the one transaction.
          const spans = events.map((event, i) => ({ name: `project ${event.type}`, options: spanOptions(messages[i]!, event.streamId) }));
          await withSpanEach(spans, async (started) => {
            const { applied } = await this.projector.handleBatch(events);
            for (const span of started) span.setAttributes({ 'pl.projection.batch_size': events.length, 'pl.projection.batch_applied': applied });
          });
        },
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}

const spanOptions = (message: DeliveredMessage, streamId: string) => ({
  parent: message.headers,
  kind: SpanKind.CONSUMER,
  service: 'reporting',
  attributes: { 'pl.stream_id': streamId },
});
