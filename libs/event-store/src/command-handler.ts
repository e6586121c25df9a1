import { buildEvents, type DomainEvent, type EventContext } from './event-metadata';
import { WrongExpectedRevisionError, type EventData, type EventStore, type Position, type RecordedEvent } from './port';

export type { DomainEvent } from './event-metadata';

/** The shape every aggregate in libs/domain has: plain functions, no I/O. */
export interface DeciderOf<S, C, E extends DomainEvent = DomainEvent> {
  initialState(): S;
  decide(command: C, state: S): E[];
  evolve(state: S, event: E): S;
}

export interface HandleCommandOptions<S, C, E extends DomainEvent> {
  readonly store: EventStore;
  readonly streamId: string;
  readonly decider: DeciderOf<S, C, E>;
  readonly command: C;
  /** What caused this command (the handled message or request): ids, actor, time, trace. */
  readonly context: EventContext;
  /** Conflicts retried before giving up; there are at most maxRetries + 1 attempts. Default 5. */
  readonly maxRetries?: number;
  /** Turns a stored event back into the decider's event (upcasting old schema versions goes here). */
  readonly toDomain?: (recorded: RecordedEvent) => E;
}

/** An event this call appended: what was sent, where it landed. */
export type AppendedEvent = EventData & { readonly streamId: string; readonly revision: bigint };

export interface HandleCommandResult<S> {
  /** What this call appended; empty when the command was already satisfied. */
  readonly appended: readonly AppendedEvent[];
  readonly state: S;
  /** The stream's revision after the call (the next expected revision); -1n if it still has no events. */
  readonly revision: bigint;
  /** Global position of the last appended event; undefined when nothing was appended. */
  readonly position?: Position;
}

/**
 * The stored event as the decider sees it. A cast by necessity: the store cannot prove a stored
 * type matches the decider's union; pass `toDomain` to validate or upcast.
 */
const defaultToDomain = <E extends DomainEvent>(r: RecordedEvent): E => ({ type: r.type, data: r.data, schemaVersion: r.metadata.schemaVersion }) as E;

/**
 * Read, fold, decide, append with the revision that was read. On a conflict another writer got in
 * first: read again and decide again, since the decision may now differ (or be []). `decide`
 * returning [] means "already done": nothing is written, which makes handling idempotent.
 */
export async function handleCommand<S, C, E extends DomainEvent>(options: HandleCommandOptions<S, C, E>): Promise<HandleCommandResult<S>> {
  const { store, streamId, decider, command, context } = options;
  const maxRetries = options.maxRetries ?? 5;
  const toDomain = options.toDomain ?? defaultToDomain<E>;
  for (let attempt = 0; ; attempt += 1) {
    const history = await store.readStream(streamId);
    const state = history.reduce((s, r) => decider.evolve(s, toDomain(r)), decider.initialState());
    const last = history.at(-1);
    const revision = last ? last.revision : -1n;
    const decided = decider.decide(command, state);
    if (decided.length === 0) return { appended: [], state, revision };
    // Chained from the last stored event; ids derive from the cause, so a retry re-derives the same ones.
    const events = buildEvents(streamId, last ? { revision: last.revision, hash: last.metadata.hash } : undefined, decided, context);
    try {
      const result = await store.append(streamId, events, { expectedRevision: last ? last.revision : 'no_stream' });
      const appended = events.map((e, i) => ({ ...e, streamId, revision: revision + 1n + BigInt(i) }));
      const newState = decided.reduce((s, e) => decider.evolve(s, e), state);
      return { appended, state: newState, revision: result.nextExpectedRevision, position: result.position };
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxRetries) throw error;
    }
  }
}
