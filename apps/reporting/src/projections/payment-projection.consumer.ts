import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { fromBusMessage, PAYMENT_EVENTS_TOPIC, type MessageBus, type Subscription } from '@pl/messaging';
import { MESSAGE_BUS } from '@pl/runtime';
import { withSpan } from '@pl/telemetry';
import { PaymentProjector } from './payment-projector';

/** Feeds payment events from the bus into the projector; the bus commits only after it returns. */
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
        await withSpan(
          `project ${event.type}`,
          { parent: message.headers, kind: SpanKind.CONSUMER, service: 'reporting', attributes: { 'pl.stream_id': event.streamId } },
          async (span) => {
            const outcome = await this.projector.handle(event);
            span.setAttribute('pl.projection.outcome', outcome);
          },
        );
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
