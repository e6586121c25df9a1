import { EventEmitter } from 'node:events';
import { checkExpectedRevision, DuplicateEventIdError, isSameAppend } from './expected-revision';
import {
  comparePositions,
  START,
  type AppendOptions,
  type AppendResult,
  type EventData,
  type EventStore,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
} from './port';

/** For unit tests only: the port's semantics (the contract suite proves it) without durability. */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly metadata = new Map<string, StreamMetadata>();
  private readonly byId = new Map<string, RecordedEvent>();
  private readonly appended = new EventEmitter().setMaxListeners(0); // one listener per idle subscriber

  async append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error(`append to ${streamId}: no events`);
    const known = events.map((e) => this.byId.get(e.eventId)).filter((r): r is RecordedEvent => r !== undefined);
    if (known.length > 0) {
      // A retry of an append that already succeeded answers as it did; anything else is refused.
      if (isSameAppend(streamId, events, options.expectedRevision, known)) {
        const last = known.at(-1)!;
        return { nextExpectedRevision: last.revision, position: last.position };
      }
      checkExpectedRevision(streamId, options.expectedRevision, this.streams.get(streamId)?.at(-1)?.revision);
      throw new DuplicateEventIdError(streamId, known.map((r) => r.eventId));
    }
    if (new Set(events.map((e) => e.eventId)).size !== events.length) throw new DuplicateEventIdError(streamId, events.map((e) => e.eventId));
    const stream = this.streams.get(streamId) ?? [];
    const current = stream.at(-1)?.revision;
    checkExpectedRevision(streamId, options.expectedRevision, current);
    let revision = current ?? -1n;
    for (const e of events) {
      revision += 1n;
      const n = BigInt(this.log.length);
      const recorded: RecordedEvent = { ...e, streamId, revision, position: { commit: n, prepare: n }, recordedAt: new Date() };
      stream.push(recorded);
      this.log.push(recorded);
      this.byId.set(e.eventId, recorded);
    }
    this.streams.set(streamId, stream);
    this.appended.emit('appended');
    return { nextExpectedRevision: revision, position: this.log.at(-1)!.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const all = this.streams.get(streamId) ?? [];
    const from = options.fromRevision;
    const selected =
      options.direction === 'backwards'
        ? [...all].reverse().filter((e) => from === undefined || e.revision <= from)
        : all.filter((e) => from === undefined || e.revision >= from);
    return selected.slice(0, options.maxCount ?? selected.length);
  }

  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const after = options.after ?? START;
    const selected = this.log.filter((e) => comparePositions(e.position, after) > 0);
    return selected.slice(0, options.maxCount ?? selected.length);
  }

  async *subscribeToAll(options: SubscribeOptions = {}): AsyncIterable<RecordedEvent> {
    let after = options.after ?? START;
    const signal = options.signal;
    while (!signal?.aborted) {
      const batch = await this.readAll({ after, maxCount: 500 });
      for (const event of batch) {
        if (signal?.aborted) return;
        yield event;
        after = event.position;
      }
      if (batch.length === 0) await this.nextAppendOrAbort(signal);
    }
  }

  private nextAppendOrAbort(signal: AbortSignal | undefined): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.appended.off('appended', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.appended.on('appended', done);
      signal?.addEventListener('abort', done);
      if (signal?.aborted) done();
    });
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    return this.metadata.get(streamId);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.metadata.set(streamId, structuredClone(metadata));
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
