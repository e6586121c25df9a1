import {
  ANY,
  BACKWARDS,
  END,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  jsonEvent,
  NO_STREAM,
  START as ESDB_START,
  STREAM_EXISTS,
  StreamNotFoundError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
  type AppendExpectedRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import {
  comparePositions,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventData,
  type EventMetadata,
  type EventStore,
  type ExpectedRevision,
  type JsonObject,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
} from '../port';

const toEsdbExpected = (e: ExpectedRevision): AppendExpectedRevision =>
  e === 'any' ? ANY : e === 'no_stream' ? NO_STREAM : e === 'stream_exists' ? STREAM_EXISTS : e;

type EsdbEvent = NonNullable<ResolvedEvent['event']> | NonNullable<AllStreamResolvedEvent['event']>;

function toRecorded(e: EsdbEvent): RecordedEvent {
  if (!e.isJson) throw new Error(`event ${e.id} in ${e.streamId} is not JSON`);
  if (!e.position) throw new Error(`event ${e.id} has no position`);
  return {
    streamId: e.streamId,
    revision: e.revision,
    position: { commit: e.position.commit, prepare: e.position.prepare },
    eventId: e.id,
    type: e.type,
    data: e.data as JsonObject,
    metadata: e.metadata as unknown as EventMetadata,
    recordedAt: e.created,
  };
}

/** The production event store: EventStoreDB through its gRPC client, behind the same port. */
export class EventStoreDbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;

  constructor(connectionString: string) {
    this.client = EventStoreDBClient.connectionString(connectionString);
  }

  async append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    try {
      const result = await this.client.appendToStream(
        streamId,
        events.map((e) => jsonEvent({ id: e.eventId, type: e.type, data: e.data, metadata: e.metadata as unknown as JsonObject })),
        { expectedRevision: toEsdbExpected(options.expectedRevision) },
      );
      const position = result.position ?? { commit: -1n, prepare: -1n };
      await this.assertStoredAsSent(streamId, events, result.nextExpectedRevision, options.expectedRevision);
      return { nextExpectedRevision: result.nextExpectedRevision, position: { commit: position.commit, prepare: position.prepare } };
    } catch (error) {
      if (error instanceof WrongExpectedVersionError) {
        const actual = typeof error.actualVersion === 'bigint' ? error.actualVersion : 'no_stream';
        throw new WrongExpectedRevisionError(streamId, options.expectedRevision, actual);
      }
      throw error;
    }
  }

  /**
   * EventStoreDB answers a re-append of known event ids as a success without writing. The port is
   * stricter: ids with other content are a conflict. One read-back tells them apart.
   */
  private async assertStoredAsSent(streamId: string, events: readonly EventData[], last: bigint, expected: ExpectedRevision): Promise<void> {
    const stored = await this.readStream(streamId, { fromRevision: last - BigInt(events.length) + 1n, maxCount: events.length });
    const same = stored.length === events.length && stored.every((r, i) => r.eventId === events[i]!.eventId && r.metadata.hash === events[i]!.metadata.hash);
    if (!same) throw new WrongExpectedRevisionError(streamId, expected, last);
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const backwards = options.direction === 'backwards';
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

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after;
    const max = options.maxCount ?? 1000;
    const out: RecordedEvent[] = [];
    // fromPosition is inclusive for reads: skip what is not strictly after the checkpoint.
    const read = this.client.readAll({ direction: FORWARDS, fromPosition: after && after.commit >= 0n ? after : ESDB_START, maxCount: BigInt(max + 1) });
    for await (const resolved of read) {
      const event = resolved.event;
      if (!event || event.type.startsWith('$') || event.streamId.startsWith('$')) continue;
      const recorded = toRecorded(event);
      if (after && comparePositions(recorded.position, after) <= 0) continue;
      out.push(recorded);
      if (out.length >= max) break;
    }
    return out;
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    const after = options.after;
    const subscription = this.client.subscribeToAll({
      fromPosition: after && after.commit >= 0n ? after : ESDB_START,
      filter: excludeSystemEvents(),
    });
    const abort = () => void subscription.unsubscribe();
    options.signal?.addEventListener('abort', abort);
    try {
      for await (const resolved of subscription) {
        if (options.signal?.aborted) return;
        if (!resolved.event) continue;
        const recorded = toRecorded(resolved.event);
        if (after && comparePositions(recorded.position, after) <= 0) continue;
        yield recorded;
      }
    } finally {
      options.signal?.removeEventListener('abort', abort);
      await subscription.unsubscribe();
    }
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    const result = await this.client.getStreamMetadata(streamId);
    return result.metadata ? (result.metadata as unknown as StreamMetadata) : undefined;
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    await this.client.setStreamMetadata(streamId, metadata as never);
  }

  async ping(): Promise<void> {
    // A read of the first event of $all answers only when the node is reachable and serving.
    for await (const _ of this.client.readAll({ maxCount: 1n })) break;
  }

  async close(): Promise<void> {
    await this.client.dispose();
  }
}
