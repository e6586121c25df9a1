import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { PAYMENT_EVENT_TYPES, type PaymentEvent } from '@pl/domain';
import { RecentHistories, type EventStore } from '@pl/event-store';
import { EVENT_HEADERS, fromBusMessage, PAYMENT_EVENTS_TOPIC, PER_STREAM_CONCURRENCY, type MessageBus, type Subscription } from '@pl/messaging';
import { EVENT_STORE, MESSAGE_BUS } from '@pl/runtime';
import { traceCarrier, withSpan } from '@pl/telemetry';
import { ERP_PAYMENT_STATUS_TOPIC, statusMessage } from './erp-payment-status.message';

/**
 * Translates the payment event stream into the ERP's status topic. It writes nothing to the store, so
 * there is no dual write: consume, translate, publish, then the bus commits. A crash between publish
 * and commit republishes the same version, which the ERP recognises as a duplicate.
 */
@Injectable()
export class ErpPaymentStatusPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly recent = new RecentHistories();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: 'intake.erp-payment-status',
      topics: [PAYMENT_EVENTS_TOPIC],
      // Each payment's statuses in order (the ERP topic is keyed by payment), several payments at a time.
      concurrency: PER_STREAM_CONCURRENCY,
      handler: async (message) => {
        const event = fromBusMessage(message);
        if (!PAYMENT_EVENT_TYPES.includes(event.type as PaymentEvent['type'])) return;
        await withSpan(`erp status ${event.type}`, { parent: message.headers, kind: SpanKind.PRODUCER, service: 'intake' }, async () => {
          // The stream up to this event: later events may already exist, the message describes this one.
          const history = this.recent.extend(event) ?? (await this.store.readStream(event.streamId, { maxCount: Number(event.revision) + 1 }));
          const status = statusMessage(history);
          await this.bus.publish(ERP_PAYMENT_STATUS_TOPIC, [
            {
              key: status.paymentId,
              value: JSON.stringify(status),
              headers: { [EVENT_HEADERS.eventId]: event.eventId, [EVENT_HEADERS.eventType]: event.type, ...flat(traceCarrier()) },
            },
          ]);
          // Only once published: a failed publish is retried from the store, never from here.
          this.recent.remember(event.streamId, history);
        });
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}

const flat = (carrier: { traceparent?: string; tracestate?: string }): Record<string, string> =>
  Object.fromEntries(Object.entries(carrier).filter((e): e is [string, string] => typeof e[1] === 'string'));
