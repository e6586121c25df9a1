import { buildEvents, type DomainEvent, type EventContext } from './event-metadata';
import { WrongExpectedRevisionError, type EventStore, type RecordedEvent } from './port';

export interface DeciderOf<S, C, E> {
  initialState(): S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
}

export interface HandleCommandOptions<S, C, E extends DomainEvent> {
  readonly store: EventStore;
  readonly streamId: string;
  readonly decider: DeciderOf<S, C, E>;
  readonly command: C;
  readonly context: EventContext;
  readonly maxRetries?: number;
}

export interface HandleCommandResult<S> {
  /** What this call appended; empty when the command was already satisfied. */
  readonly appended: readonly RecordedEvent[];
  readonly state: S;
  /** The stream's revision after the call; -1n for a stream that still does not exist. */
  readonly revision: bigint;
}

/**
 * Read, decide, append with the revision that was read; on a conflict read again and decide
 * again (a bounded number of times). `decide` returning [] means "already done": nothing is written.
 */
export async function handleCommand<S, C, E extends DomainEvent>(options: HandleCommandOptions<S, C, E>): Promise<HandleCommandResult<S>> {
  const { store, streamId, decider, command, context } = options;
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt += 1) {
    const history = await store.readStream(streamId);
    const state = history.reduce((s, e) => decider.evolve(s, e as unknown as E), decider.initialState());
    const last = history.at(-1);
    const revision = last ? last.revision : -1n;
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { appended: [], state, revision };
    const events = buildEvents(streamId, last ? { revision: last.revision, hash: last.metadata.hash } : undefined, decided, context);
    try {
      const result = await store.append(streamId, events, { expectedRevision: last ? last.revision : 'no_stream' });
      const firstRevision = result.nextExpectedRevision - BigInt(events.length) + 1n;
      const appended = events.map((e, i) => ({
        ...e,
        streamId,
        revision: firstRevision + BigInt(i),
        position: result.position,
        recordedAt: new Date(context.occurredAt),
      }));
      const newState = decided.reduce((s, e) => decider.evolve(s, e), state);
      return { appended, state: newState, revision: result.nextExpectedRevision };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxRetries) throw error;
    }
  }
}
