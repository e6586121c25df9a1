import { Inject, Injectable, Logger } from '@nestjs/common';
import { foldPayment, type LifecycleCommand, type PaymentCommand, paymentDecider, type PaymentEvent, type PaymentState, paymentStreamId } from '@pl/domain';
import { RecentHistories, type AppendedEvent, type EventStore, type Position, type RecordedEvent } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import type { TraceCarrier } from '@pl/telemetry';
import { applyConnectorCommand, applyConnectorCommandOnKnown, type CommandOutcome, type ConnectorCommand } from '../stream-commands';

/**
 * Refusals that mean "already done elsewhere / no longer applicable": the payment moved on (a reroute,
 * a terminal state) while this message was on its way. Handling it again can only give the same
 * answer, so they are logged and skipped, never retried or dead-lettered.
 */
const NO_LONGER_APPLICABLE = new Set(['payment_terminal', 'attempt_mismatch', 'illegal_transition']);
/** Payment streams held as this process last appended to them: enough for the callbacks that follow its submissions. */
const HELD_STREAMS = 10_000;

export type { CommandOutcome } from '../stream-commands';

/** Reads payment streams and appends this service's commands through the payment decider. */
@Injectable()
export class PaymentCommands {
  private readonly logger = new Logger('bank-connectors payments');
  /** Each payment's stream as this process's last append on it left it (that append included). */
  private readonly held = new RecentHistories(HELD_STREAMS);

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async state(paymentId: string): Promise<PaymentState> {
    return (await this.stateAndTrace(paymentId)).state;
  }

  /**
   * The state and the trace the payment's latest event belongs to. A bank's callback or a status
   * answer carries no trace of ours: its effects join the payment's trace through this.
   */
  async stateAndTrace(paymentId: string): Promise<{ state: PaymentState; trace: TraceCarrier; history: readonly RecordedEvent[] }> {
    return this.traced(await this.store.readStream(paymentStreamId(paymentId)));
  }

  /**
   * As stateAndTrace, from the stream as this process's last append on it left it, when `usable` says
   * that state will do; else read. Possibly stale (another instance may have appended since): only for
   * a decision whose append expects the held revision, so that a stale one conflicts instead of landing.
   */
  async heldStateAndTrace(paymentId: string, usable: (state: PaymentState) => boolean): Promise<{ state: PaymentState; trace: TraceCarrier; history: readonly RecordedEvent[] }> {
    const history = this.held.held(paymentStreamId(paymentId));
    if (history) {
      const held = this.traced(history);
      if (usable(held.state)) return held;
    }
    return this.stateAndTrace(paymentId);
  }

  private traced(history: readonly RecordedEvent[]): { state: PaymentState; trace: TraceCarrier; history: readonly RecordedEvent[] } {
    const last = history.at(-1)?.metadata;
    const trace: TraceCarrier = last?.traceparent ? { traceparent: last.traceparent, ...(last.tracestate ? { tracestate: last.tracestate } : {}) } : {};
    return { state: foldPayment(history), trace, history };
  }

  async apply(command: LifecycleCommand, causationId: string): Promise<CommandOutcome> {
    // Decided on a read: what is held for the stream may be behind it now.
    this.held.forget(paymentStreamId(command.data.paymentId));
    return applyConnectorCommand(this.command(command, causationId));
  }

  /**
   * `command` decided on `known`, the stream as the consumer was delivered it (possibly stale): the
   * state after its append when that landed, else undefined and the caller starts over from the store.
   */
  async applyOnKnown(command: LifecycleCommand, causationId: string, known: readonly RecordedEvent[]): Promise<PaymentState | undefined> {
    const result = await applyConnectorCommandOnKnown({ ...this.command(command, causationId), known });
    if (result) this.hold(command.data.paymentId, known, result.appended, result.position);
    return result?.state;
  }

  /**
   * Holds the stream as this append left it: `known` was the whole stream (the append expected its
   * revision), then the appended event. One event only, whose position the store returned; its
   * `recordedAt` is this process's clock, not the store's (nothing decided here reads it).
   */
  private hold(paymentId: string, known: readonly RecordedEvent[], appended: readonly AppendedEvent[], position: Position | undefined): void {
    const streamId = paymentStreamId(paymentId);
    const [event] = appended;
    if (!event || appended.length !== 1 || !position) return this.held.forget(streamId);
    this.held.remember(streamId, [...known, { ...event, position, recordedAt: this.clock.now() }]);
  }

  private command(command: LifecycleCommand, causationId: string): ConnectorCommand<PaymentState, PaymentCommand, PaymentEvent> {
    const paymentId = command.data.paymentId;
    return {
      store: this.store,
      clock: this.clock,
      logger: this.logger,
      streamId: paymentStreamId(paymentId),
      decider: paymentDecider,
      command,
      correlationId: paymentId,
      causationId,
      noLongerApplicable: NO_LONGER_APPLICABLE,
    };
  }
}
