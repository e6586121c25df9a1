import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { DomainError, type RefundApproved } from '@pl/domain';
import { fromBusMessage, PermanentError, REFUND_EVENTS_TOPIC, type MessageBus, type Subscription } from '@pl/messaging';
import { MESSAGE_BUS } from '@pl/runtime';
import { withSpan } from '@pl/telemetry';
import { RefundSubmissions } from './refund-submissions';

/** The connectors' share of the refund flow: an approved refund goes to the payment's bank. */
@Injectable()
export class RefundEventsConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly submissions: RefundSubmissions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: 'bank-connectors.refunds',
      topics: [REFUND_EVENTS_TOPIC],
      handler: async (message) => {
        const event = fromBusMessage(message);
        if (event.type !== 'RefundApproved') return;
        const approved = event as unknown as RefundApproved;
        await withSpan(
          'bank-connectors RefundApproved',
          { parent: message.headers, kind: SpanKind.CONSUMER, service: 'bank-connectors', attributes: { 'pl.stream_id': event.streamId } },
          async () => {
            try {
              await this.submissions.onApproved(approved.data.refundId, event.eventId);
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
