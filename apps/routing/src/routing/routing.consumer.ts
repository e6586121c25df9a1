import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { SpanKind } from '@opentelemetry/api';
import { RecentHistories, type EventStore } from '@pl/event-store';
import { CHANNEL_EVENTS_TOPIC, fromBusMessage, PAYMENT_EVENTS_TOPIC, PER_STREAM_CONCURRENCY, type MessageBus, type Subscription } from '@pl/messaging';
import { EVENT_STORE, MESSAGE_BUS } from '@pl/runtime';
import { withSpan } from '@pl/telemetry';
import { ChannelStateBoard } from '../live/channel-state.board';
import { ChannelStatsBoard } from '../live/channel-stats.board';
import { PaymentRouter } from './payment-router';

/**
 * Routing's one subscription (group 'routing'): payment events feed the live statistics and trigger
 * routes; channel events keep circuit and maintenance current. The bus commits only after the
 * handler returns, so a crash mid-route redelivers, and the router finds out what was done.
 */
@Injectable()
export class RoutingConsumer implements OnApplicationBootstrap, OnApplicationShutdown {
  private subscription?: Subscription;
  /** Every payment event delivered, so the stream up to a trigger is known without a read. */
  private readonly recent = new RecentHistories();

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly states: ChannelStateBoard,
    private readonly stats: ChannelStatsBoard,
    private readonly router: PaymentRouter,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Open circuits and maintenance from the store first: the first payment must not go to a dead channel.
    await this.states.load(this.store);
    this.subscription = await this.bus.subscribe({
      groupId: 'routing',
      topics: [PAYMENT_EVENTS_TOPIC, CHANNEL_EVENTS_TOPIC],
      // Several payments at a time; each stream's events (a payment's, a channel's) in order.
      concurrency: PER_STREAM_CONCURRENCY,
      handler: async (message) => {
        const event = fromBusMessage(message);
        if (message.topic === CHANNEL_EVENTS_TOPIC) {
          this.states.applyRecorded(event);
          return;
        }
        this.stats.observe(event);
        const known = this.recent.upTo(event);
        if (event.type !== 'PaymentRiskAssessed' && event.type !== 'PaymentFailed') return;
        await withSpan(
          'routing route',
          { parent: message.headers, kind: SpanKind.CONSUMER, service: 'routing', attributes: { 'pl.stream_id': event.streamId, 'pl.event_type': event.type } },
          async (span) => {
            const outcome = await this.router.handle(event, known);
            span.setAttribute('pl.routing.outcome', outcome);
          },
        );
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }
}
