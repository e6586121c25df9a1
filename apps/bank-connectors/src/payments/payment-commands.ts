import { Inject, Injectable, Logger } from '@nestjs/common';
import { foldPayment, type LifecycleCommand, type PaymentCommand, paymentDecider, type PaymentEvent, type PaymentState, paymentStreamId } from '@pl/domain';
import type { EventStore, RecordedEvent } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import type { TraceCarrier } from '@pl/telemetry';
import { applyConnectorCommand, applyConnectorCommandOnKnown, type CommandOutcome, type ConnectorCommand } from '../stream-commands';

/**
 * Refusals that mean "already done elsewhere / no longer applicable": the payment moved on (a reroute,
 * a terminal state) while this message was on its way. Handling it again can only give the same
 * answer, so they are logged and skipped, never retried or dead-lettered.
 */
const NO_LONGER_APPLICABLE = new Set(['payment_terminal', 'attempt_mismatch', 'illegal_transition']);

export type { CommandOutcome } from '../stream-commands';

/** Reads payment streams and appends this service's commands through the payment decider. */
@Injectable()
export class PaymentCommands {
  private readonly logger = new Logger('bank-connectors payments');

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
    const history = await this.store.readStream(paymentStreamId(paymentId));
    const last = history.at(-1)?.metadata;
    const trace: TraceCarrier = last?.traceparent ? { traceparent: last.traceparent, ...(last.tracestate ? { tracestate: last.tracestate } : {}) } : {};
    return { state: foldPayment(history), trace, history };
  }

  async apply(command: LifecycleCommand, causationId: string): Promise<CommandOutcome> {
    return applyConnectorCommand(this.command(command, causationId));
  }

  /**
   * `command` decided on `known`, the stream as the consumer was delivered it (possibly stale): the
   * state after its append when that landed, else undefined and the caller starts over from the store.
   */
  async applyOnKnown(command: LifecycleCommand, causationId: string, known: readonly RecordedEvent[]): Promise<PaymentState | undefined> {
    return applyConnectorCommandOnKnown({ ...this.command(command, causationId), known });
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
