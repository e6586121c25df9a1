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
  /**
   * The stream as the caller already holds it, from revision 0 (a consumer's cache of the events it
   * was delivered). It may be stale, a prefix of the stream: see appendOnKnown for how that is safe.
   */
  readonly known?: readonly RecordedEvent[];
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
 * With `known`, a first attempt decides on it without reading (appendOnKnown); only if its append
 * lands is the read skipped, so the result is always the one a fresh read would give.
 */
export async function handleCommand<S, C, E extends DomainEvent>(options: HandleCommandOptions<S, C, E>): Promise<HandleCommandResult<S>> {
  if (options.known) {
    const onKnown = await appendOnKnown({ ...options, known: options.known });
    if (onKnown) return onKnown;
  }
  const { store, streamId, decider, command } = options;
  const maxRetries = options.maxRetries ?? 5;
  for (let attempt = 0; ; attempt += 1) {
    const folded = fold(options, await store.readStream(streamId));
    const decided = decider.decide(command, folded.state);
    if (decided.length === 0) return { appended: [], state: folded.state, revision: folded.revision };
    try {
      return await append(options, folded, decided);
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError) || attempt >= maxRetries) throw error;
    }
  }
}

/**
 * handleCommand's attempt on the history the caller holds, alone. The append expects the revision
 * `known` ends at, so it lands only if `known` is the whole stream: a result is what a read would
 * have given. undefined when that cannot be concluded: the append conflicted (`known` is stale), or
 * the decision was [] or a refusal, which stale state may cause. The caller then goes to the store;
 * one whose command depends on the state starts over from there (it does not retry this command).
 */
export async function appendOnKnown<S, C, E extends DomainEvent>(
  options: HandleCommandOptions<S, C, E> & { readonly known: readonly RecordedEvent[] },
): Promise<HandleCommandResult<S> | undefined> {
  const { known, decider, command } = options;
  // Anything but the stream from its start (a gap, another stream) is no history to decide on.
  if (!known.every((r, i) => r.streamId === options.streamId && r.revision === BigInt(i))) return undefined;
  const folded = fold(options, known);
  let decided: E[];
  try {
    decided = decider.decide(command, folded.state);
  } catch {
    return undefined; // decide is pure: on the stored stream it refuses again if that is the answer.
  }
  if (decided.length === 0) return undefined;
  try {
    return await append(options, folded, decided);
  } catch (error) {
    if (error instanceof WrongExpectedRevisionError) return undefined;
    throw error;
  }
}

interface Folded<S> {
  readonly state: S;
  readonly last: RecordedEvent | undefined;
  readonly revision: bigint;
}

function fold<S, C, E extends DomainEvent>(options: HandleCommandOptions<S, C, E>, history: readonly RecordedEvent[]): Folded<S> {
  const { decider } = options;
  const toDomain = options.toDomain ?? defaultToDomain<E>;
  const last = history.at(-1);
  return { state: history.reduce((s, r) => decider.evolve(s, toDomain(r)), decider.initialState()), last, revision: last ? last.revision : -1n };
}

/** Appends `decided` after `folded.last`, expecting the stream to end there; throws on a conflict. */
async function append<S, C, E extends DomainEvent>(options: HandleCommandOptions<S, C, E>, folded: Folded<S>, decided: readonly E[]): Promise<HandleCommandResult<S>> {
  const { store, streamId, decider, context } = options;
  const { last, revision, state } = folded;
  // Chained from the last stored event; ids derive from the cause, so a retry re-derives the same ones.
  const events = buildEvents(streamId, last ? { revision: last.revision, hash: last.metadata.hash } : undefined, decided, context);
  const result = await store.append(streamId, events, { expectedRevision: last ? last.revision : 'no_stream' });
  const appended = events.map((e, i) => ({ ...e, streamId, revision: revision + 1n + BigInt(i) }));
  const newState = decided.reduce((s, e) => decider.evolve(s, e), state);
  return { appended, state: newState, revision: result.nextExpectedRevision, position: result.position };
}
