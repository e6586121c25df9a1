/**
 * The event store port. Every adapter (PostgreSQL, EventStoreDB, memory) implements exactly this,
 * and one contract suite (`contract/event-store.contract.ts`) proves each of them.
 *
 * Semantics follow EventStoreDB's so that the adapters are interchangeable:
 * - a stream's revisions start at 0 and have no gaps;
 * - a multi-event append is atomic and takes the revisions that follow the expected one;
 * - the global log is totally ordered by `Position` and a subscriber following it never skips an
 *   event, even one that a slower transaction committed after a later-numbered one.
 */

/** What the writer believes the stream's current revision is. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/**
 * A point in the global log. Ordered lexicographically by (commit, prepare), as in EventStoreDB.
 * In the PostgreSQL adapter `commit` is the writing transaction id and `prepare` the row sequence.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

export const START: Position = Object.freeze({ commit: -1n, prepare: -1n });

export type JsonValue =
  | string
  | number
  | boolean
  | null
  | JsonValue[]
  | { [key: string]: JsonValue };

export type JsonObject = { [key: string]: JsonValue };

/** Metadata carried by every event (see event-metadata.ts, the one helper that builds it). */
export interface EventMetadata {
  readonly schemaVersion: number;
  readonly correlationId: string;
  readonly causationId: string;
  readonly traceparent?: string;
  readonly tracestate?: string;
  readonly actor: string;
  readonly occurredAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

/** An event ready to append. `eventId` is deterministic (derived from its cause), a UUID. */
export interface EventData {
  readonly eventId: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: EventMetadata;
}

export interface RecordedEvent extends EventData {
  readonly streamId: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly recordedAt: Date;
}

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /** The revision of the last event written, to be used as the next expected revision. */
  readonly nextExpectedRevision: bigint;
  readonly position: Position;
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  readonly direction?: Direction;
  /** Inclusive. Defaults to the start (forwards) or the end (backwards). */
  readonly fromRevision?: bigint;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events strictly after this position. Defaults to START. */
  readonly after?: Position;
  readonly maxCount?: number;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: the subscription yields events strictly after it. */
  readonly after?: Position;
  /** Aborting ends the iteration cleanly. */
  readonly signal?: AbortSignal;
}

export interface StreamMetadata {
  readonly [key: string]: JsonValue;
}

export interface EventStore {
  append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult>;
  /** Returns [] for a stream that does not exist. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  /** Catch-up subscription to the global log; consume with `for await`. */
  subscribeToAll(options?: SubscribeOptions): AsyncIterable<RecordedEvent>;
  getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void>;
  /** Readiness: resolves when the backing store answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: bigint | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export function comparePositions(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export function positionToString(p: Position): string {
  return `${p.commit}/${p.prepare}`;
}

export function positionFromString(s: string): Position {
  const match = /^(-?\d+)\/(-?\d+)$/.exec(s);
  if (!match?.[1] || !match[2]) throw new Error(`not a position: ${s}`);
  return { commit: BigInt(match[1]), prepare: BigInt(match[2]) };
}
