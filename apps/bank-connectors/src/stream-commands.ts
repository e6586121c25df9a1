import type { Logger } from '@nestjs/common';
import { DomainError, type Decider } from '@pl/domain';
import { appendOnKnown, handleCommand, type DomainEvent, type EventStore, type HandleCommandOptions, type HandleCommandResult, type RecordedEvent } from '@pl/event-store';
import type { Clock } from '@pl/runtime';
import { traceCarrier } from '@pl/telemetry';

export type CommandOutcome = 'appended' | 'already-done' | 'no-longer-applicable';

/** One command of the connectors' onto one stream, and what caused it. */
export interface ConnectorCommand<S, C extends { type: string }, E extends DomainEvent> {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly streamId: string;
  readonly decider: Decider<S, C, E>;
  readonly command: C;
  readonly correlationId: string;
  readonly causationId: string;
  readonly noLongerApplicable: ReadonlySet<string>;
}

/**
 * One of the connectors' commands through a decider onto its stream. `causationId` is the consumed
 * event's id, or `callback:<id>` / `status:<order>:<status>`: event ids derive from it, so handling
 * the same cause twice re-derives the same events. Refusals in `noLongerApplicable` mean the stream
 * moved on while the message was on its way: logged and skipped, never retried or dead-lettered.
 */
export async function applyConnectorCommand<S, C extends { type: string }, E extends DomainEvent>(options: ConnectorCommand<S, C, E>): Promise<CommandOutcome> {
  const { logger, streamId, command } = options;
  try {
    const result = await handleCommand(commandOptions(options));
    return result.appended.length > 0 ? 'appended' : 'already-done';
  } catch (error) {
    if (error instanceof DomainError && options.noLongerApplicable.has(error.code)) {
      logger.log(`${command.type} on ${streamId} skipped: ${error.message}`);
      return 'no-longer-applicable';
    }
    throw error;
  }
}

/**
 * The command decided on `known`, the stream as a consumer holds it (possibly stale), without a read:
 * what it appended and the state after, when the append landed, which proves `known` was the whole stream. undefined
 * when it did not (a conflict, [] or a refusal on `known`): the caller then starts over from the store.
 */
export async function applyConnectorCommandOnKnown<S, C extends { type: string }, E extends DomainEvent>(
  options: ConnectorCommand<S, C, E> & { readonly known: readonly RecordedEvent[] },
): Promise<HandleCommandResult<S> | undefined> {
  return appendOnKnown({ ...commandOptions(options), known: options.known });
}

function commandOptions<S, C extends { type: string }, E extends DomainEvent>(options: ConnectorCommand<S, C, E>): HandleCommandOptions<S, C, E> {
  const { store, clock, streamId, decider, command, correlationId, causationId } = options;
  return {
    store,
    streamId,
    decider,
    command,
    context: { correlationId, causationId, actor: 'service:bank-connectors', occurredAt: clock.now().toISOString(), ...traceCarrier() },
  };
}

/** Ask the bank again later, each time a little later: interval × 2^checks, at most a minute. */
export const nextCheckDelayMs = (intervalMs: number, checks: number): number => Math.min(60_000, intervalMs * 2 ** Math.min(checks, 10));
