import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, explainRoute, foldPayment, type PaymentCommand, paymentDecider, type PaymentEvent, type PaymentRequested, type PaymentState, rankChannels, type Ranking, routablePayment } from '@pl/domain';
import { appendOnKnown, handleCommand, type EventStore, type HandleCommandOptions, type RecordedEvent } from '@pl/event-store';
import { PermanentError } from '@pl/messaging';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { traceCarrier } from '@pl/telemetry';
import { CATALOGUE, type Catalogue } from '../catalogue/catalogue';
import { ChannelStateBoard } from '../live/channel-state.board';
import { ChannelStatsBoard } from '../live/channel-stats.board';

export type RouteOutcome = 'routed' | 'expired' | 'already-handled' | 'not-a-trigger';

/** What asks for a route: an approval (attempt 1) or a failed attempt n (attempt n + 1). */
type Trigger = Readonly<{ kind: 'approved' }> | Readonly<{ kind: 'failed'; attempt: number }>;

/** What a trigger asks for on one view of the stream; `why` says why it expires (no channel left). */
interface Plan {
  readonly paymentId: string;
  readonly why: string | undefined;
  readonly options: HandleCommandOptions<PaymentState, PaymentCommand, PaymentEvent>;
}

/** The payment moved on while this message waited: another delivery or replica already acted. */
const SUPERSEDED = new Set(['route_conflict', 'attempt_out_of_order', 'payment_terminal', 'illegal_transition', 'payment_in_flight']);

function triggerOf(event: RecordedEvent): Trigger | undefined {
  if (event.type === 'PaymentRiskAssessed' && event.data['decision'] === 'approve') return { kind: 'approved' };
  if (event.type === 'PaymentFailed' && typeof event.data['attempt'] === 'number') return { kind: 'failed', attempt: event.data['attempt'] };
  return undefined;
}

/**
 * Routes approved payments and reroutes failed attempts. It decides from the payment's stream as
 * stored (never from the message alone), so a redelivered or stale message finds the attempt already
 * routed and does nothing; the channels earlier attempts used are read from the stream's PaymentRouted
 * events and never tried again. When no channel is left the payment expires.
 */
@Injectable()
export class PaymentRouter {
  private readonly logger = new Logger('routing');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CATALOGUE) private readonly catalogue: Catalogue,
    private readonly states: ChannelStateBoard,
    private readonly stats: ChannelStatsBoard,
  ) {}

  /**
   * `known`: the stream up to this event as the consumer holds it, possibly stale. The route is
   * decided on it only if that decision appends (its revision proves `known` was the whole stream);
   * otherwise everything is decided again from the stored stream, exactly as without it.
   */
  async handle(event: RecordedEvent, known?: readonly RecordedEvent[]): Promise<RouteOutcome> {
    const trigger = triggerOf(event);
    if (!trigger) return 'not-a-trigger';
    const planned = known && this.plan(event, trigger, known);
    if (planned) {
      const result = await appendOnKnown({ ...planned.options, known });
      if (result) {
        if (planned.why) this.logger.warn(planned.why);
        return this.outcome(planned, result.appended.length);
      }
    }
    const fresh = this.plan(event, trigger, await this.store.readStream(event.streamId));
    if (!fresh) return 'already-handled';
    if (fresh.why) this.logger.warn(fresh.why);
    try {
      return this.outcome(fresh, (await handleCommand(fresh.options)).appended.length);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      if (SUPERSEDED.has(error.code)) return 'already-handled';
      // Any other rule violation would fail the same way on every retry.
      throw new PermanentError(`${fresh.options.command.type} refused for payment ${fresh.paymentId}: ${error.code}: ${error.message}`);
    }
  }

  /** The command this trigger asks for on `history`, or undefined when the trigger is no longer due there. */
  private plan(event: RecordedEvent, trigger: Trigger, history: readonly RecordedEvent[]): Plan | undefined {
    const events = history.map((r) => ({ type: r.type, data: r.data }) as PaymentEvent);
    const state = foldPayment(history);
    const attempt = nextAttempt(trigger, state);
    if (attempt === undefined || state.status === 'none') return undefined;

    const requested = events.find((e): e is PaymentRequested => e.type === 'PaymentRequested');
    const tried = events.flatMap((e) => (e.type === 'PaymentRouted' ? [e.data.channel] : []));
    const ranking = this.rank(state, requested?.data.metadata ?? {}, tried);
    const now = this.clock.now().toISOString();
    const best = ranking.candidates[0];
    const command: PaymentCommand = best
      ? {
          type: 'RoutePayment',
          data: { paymentId: state.paymentId, channel: best.channel, quotedFeeMinor: best.feeMinor, why: explainRoute(ranking, attempt), routedAt: now, attempt },
        }
      : { type: 'ExpirePayment', data: { paymentId: state.paymentId, expiredAt: now } };
    const why = best ? undefined : `payment ${state.paymentId}: no channel left for attempt ${attempt}, expiring: ${explainRoute(ranking, attempt).join('; ')}`;
    return {
      paymentId: state.paymentId,
      why,
      options: {
        store: this.store,
        streamId: event.streamId,
        decider: paymentDecider,
        command,
        context: { correlationId: state.paymentId, causationId: event.eventId, actor: 'service:routing', occurredAt: now, ...traceCarrier() },
      },
    };
  }

  private outcome(plan: Plan, appended: number): RouteOutcome {
    if (appended === 0) return 'already-handled';
    return plan.options.command.type === 'RoutePayment' ? 'routed' : 'expired';
  }

  /** The ranking for a payment as it stands: live state and statistics, the channels already tried. */
  rank(state: Exclude<PaymentState, { status: 'none' }>, metadata: Readonly<Record<string, string>>, tried: readonly string[]): Ranking {
    return rankChannels({
      catalogue: this.catalogue,
      payment: routablePayment(state.amount, state.method.type, metadata),
      stats: this.stats.all(),
      states: this.states.all(),
      tried,
    });
  }
}

/** The attempt this trigger asks for, or undefined when the stream shows it is no longer due. */
function nextAttempt(trigger: Trigger, state: PaymentState): number | undefined {
  switch (trigger.kind) {
    case 'approved':
      return state.status === 'approved' ? 1 : undefined;
    case 'failed':
      return state.status === 'failed' && state.failure.attempt === trigger.attempt ? trigger.attempt + 1 : undefined;
    default: {
      const _never: never = trigger;
      return _never;
    }
  }
}
