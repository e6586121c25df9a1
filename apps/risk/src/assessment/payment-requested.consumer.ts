import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { EVENT_HEADERS, fromBusMessage, PAYMENT_EVENTS_TOPIC, PER_STREAM_CONCURRENCY, type DeliveredMessage, type MessageBus, type Subscription } from '@pl/messaging';
import { RecentHistories } from '@pl/event-store';
import { MESSAGE_BUS } from '@pl/runtime';
import { withSpan } from '@pl/telemetry';
import { AssessPaymentHandler } from './assess-payment.handler';

export const RISK_GROUP_ID = 'risk';

/** Assesses every PaymentRequested on the payment topic; the bus commits only after the handler returns. */
@Injectable()
export class PaymentRequestedConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  private readonly log = new Logger('risk');
  /** Every payment event delivered, so the stream up to a request is known without a read. */
  private readonly recent = new RecentHistories();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    private readonly assess: AssessPaymentHandler,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.subscription = await this.bus.subscribe({
      groupId: RISK_GROUP_ID,
      topics: [PAYMENT_EVENTS_TOPIC],
      // Several payers at a time; one payer's requests one after the other, in the order they
      // arrived: the burst and duplicate rules compare each request with the payer's earlier ones.
      concurrency: { ...PER_STREAM_CONCURRENCY, orderingKey: payerOrStream },
      handler: async (message) => {
        const event = fromBusMessage(message);
        const known = this.recent.upTo(event);
        // The topic carries the whole lifecycle; risk acts on the request only.
        if (event.type !== 'PaymentRequested') return;
        await withSpan(
          'risk assess',
          { parent: message.headers, kind: SpanKind.CONSUMER, service: 'risk', attributes: { 'pl.stream_id': event.streamId } },
          async (span) => {
            const result = await this.assess.handle(event, known);
            span.setAttribute('pl.risk.outcome', result.outcome);
            if (result.outcome === 'assessed') {
              span.setAttribute('pl.risk.decision', result.verdict.decision);
              span.setAttribute('pl.risk.score', result.verdict.score);
              if (result.verdict.decision !== 'approve') {
                this.log.log(`${event.streamId}: ${result.verdict.decision} (${result.verdict.reasons.map((r) => r.rule).join(', ')})`);
              }
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

/**
 * A request's payer (its events are otherwise ordered by stream); other events by their stream.
 * The event-type header says which messages are requests, so only those are parsed here.
 */
function payerOrStream(message: DeliveredMessage): string {
  if (message.headers[EVENT_HEADERS.eventType] !== 'PaymentRequested') return message.key;
  const payerId = fromBusMessage(message).data['payerId'];
  return typeof payerId === 'string' ? `payer:${payerId}` : message.key;
}
