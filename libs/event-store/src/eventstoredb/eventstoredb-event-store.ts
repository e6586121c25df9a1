import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  START as ESDB_START,
  StreamNotFoundError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { DuplicateEventIdError, firstRevisionOf, isSameAppend } from '../expected-revision';
import {
  comparePositions,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventData,
  type EventStore,
  type JsonObject,
  type Position,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
} from '../port';
import { fromEsdbStreamMetadata, isOurs, toEsdbExpected, toEsdbStreamMetadata, toRecorded } from './mapping';

const DEFAULT_READ_ALL_MAX = 1000;

/** The production event store: EventStoreDB through its gRPC client, behind the same port. */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
    const expected = options.expectedRevision;
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata as unknown as JsonObject })),
        { expectedRevision: toEsdbExpected(expected) },
      );
      return await this.confirmStored(streamId, events, expected, result.nextExpectedRevision);
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        throw new WrongExpectedRevisionError(streamId, expected, typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream');
      }
      throw error;
    }
  }

  /**
   * EventStoreDB answers a re-append of known event ids with success and writes nothing, whatever
   * their content. The port is stricter (see isSameAppend): one read-back tells a true retry from
   * a different decision that derived the same ids, and gives the events' real positions.
   */
  private async confirmStored(streamId: string, events: readonly EventData[], expected: AppendOptions['expectedRevision'], next: bigint): Promise<AppendResult> {
    const from = firstRevisionOf(expected) ?? next - BigInt(events.length) + 1n;
    const stored = from < 0n ? [] : await this.readStream(streamId, { fromRevision: from, maxCount: events.length });
    if (!isSameAppend(streamId, events, expected, stored)) {
      // As the other adapters decide: a revision that cannot hold is a conflict; otherwise the ids are taken.
      if (expected === 'any' || expected === 'stream_exists') throw new DuplicateEventIdError(streamId, events.map((e) => e.eventId));
      throw new WrongExpectedRevisionError(streamId, expected, next);
    }
    const last = stored.at(-1)!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
    if (options.maxCount !== undefined && options.maxCount <= 0) return [];
    const out: RecordedEvent[] = [];
    try {
      const read = this.client.readStream(streamId, {
        direction: backwards ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision ?? (backwards ? END : ESDB_START),
        ...(options.maxCount === undefined ? {} : { maxCount: BigInt(options.maxCount) }),
      });
      for await (const resolved of read) if (resolved.event) out.push(toRecorded(resolved.event));
    } catch (error) {
      if (error instanceof StreamNotFoundError) return [];
      throw error;
    }
    return out;
  }

  /**
   * Reads of $all take no server-side filter in this client version, so system events are skipped
   * here, page by page, until `maxCount` of ours are found or the log ends: a short page means the end.
   */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const max = options.maxCount ?? DEFAULT_READ_ALL_MAX;
    const out: RecordedEvent[] = [];
    let cursor: Position | undefined = options.after && options.after.commit >= 0n ? options.after : undefined;
    while (out.length < max) {
      const page = BigInt(Math.max(max - out.length, 100)) + 1n; // +1: fromPosition is inclusive
      let read = 0n;
      for await (const resolved of this.client.readAll({ direction: FORWARDS, fromPosition: cursor ?? ESDB_START, maxCount: page })) {
        read += 1n;
        const event = resolved.event;
        if (!event?.position) continue;
        const position = { commit: event.position.commit, prepare: event.position.prepare };
        if (cursor && comparePositions(position, cursor) <= 0) continue;
        cursor = position;
        if (isOurs(event)) out.push(toRecorded(event));
        if (out.length >= max) break;
      }
      if (read < page) break;
    }
    return out;
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const { after, signal } = options;
    if (signal?.aborted) return;
    const subscription = this.client.subscribeToAll({
      fromPosition: after && after.commit >= 0n ? after : ESDB_START,
      filter: excludeSystemEvents(),
    });
    // Unsubscribing ends the client's async iterator, so an idle `for await` returns promptly.
    const abort = () => void subscription.unsubscribe().catch(() => undefined);
    signal?.addEventListener('abort', abort);
    try {
      for await (const resolved of subscription) {
        if (signal?.aborted) return;
        const event = resolved.event;
        if (!event || !isOurs(event)) continue;
        const recorded = toRecorded(event);
        if (after && comparePositions(recorded.position, after) <= 0) continue; // the checkpoint is exclusive
        yield recorded;
      }
    } finally {
      signal?.removeEventListener('abort', abort);
      await subscription.unsubscribe().catch(() => undefined);
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    const result = await this.client.getStreamMetadata(streamId);
    return fromEsdbStreamMetadata(result.metadata);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.client.setStreamMetadata(streamId, toEsdbStreamMetadata(metadata));
  }

  async ping(): Promise<void> {
    // A one-event read of $all answers only when the node is reachable and serving reads.
    for await (const _ of this.client.readAll({ maxCount: 1n })) break;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
