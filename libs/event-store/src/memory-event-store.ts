import { EventEmitter } from 'node:events';
import {
  comparePositions,
  START,
  WrongExpectedRevisionError,
  type AppendOptions,
  type AppendResult,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllOptions,
  type ReadStreamOptions,
  type RecordedEvent,
  type StreamMetadata,
  type SubscribeOptions,
} from './port';

export function checkExpected(streamId: string, expected: ExpectedRevision, current: bigint | undefined): void {
  const actual = current === undefined ? 'no_stream' : current;
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && current === undefined) ||
    (expected === 'stream_exists' && current !== undefined) ||
    (typeof expected === 'bigint' && current === expected);
  if (!ok) throw new WrongExpectedRevisionError(streamId, expected, actual);
}

/** For unit tests only: the port's semantics without durability. */
export class MemoryEventStore implements EventStore {
  private readonly log: RecordedEvent[] = [];
  private readonly streams = new Map<string, RecordedEvent[]>();
  private readonly metadata = new Map<string, StreamMetadata>();
  private readonly ids = new Set<string>();
  private readonly appended = new EventEmitter();

  async append(streamId: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> {
    if (events.length === 0) throw new Error('append: no events');
    const stream = this.streams.get(streamId);
    const current = stream?.at(-1)?.revision;
    const replayed = this.alreadyAppended(streamId, events, options);
    if (replayed) return replayed;
    checkExpected(streamId, options.expectedRevision, current);
    for (const e of events) if (this.ids.has(e.eventId)) throw new Error(`append: event ${e.eventId} already stored`);
    const list = stream ?? [];
    let revision = current ?? -1n;
    for (const e of events) {
      revision += 1n;
      const recorded: RecordedEvent = { ...e, streamId, revision, position: { commit: BigInt(this.log.length), prepare: BigInt(this.log.length) }, recordedAt: new Date() };
      list.push(recorded);
      this.log.push(recorded);
      this.ids.add(e.eventId);
    }
    this.streams.set(streamId, list);
    this.appended.emit('appended');
    return { nextExpectedRevision: revision, position: this.log.at(-1)!.position };
  }

  /** The same events retried at the same expected revision: success without a second write. */
  private alreadyAppended(streamId: string, events: readonly EventData[], options: AppendOptions): AppendResult | undefined {
    const stream = this.streams.get(streamId) ?? [];
    const expected = options.expectedRevision;
    const first = expected === 'no_stream' ? 0n : typeof expected === 'bigint' ? expected + 1n : undefined;
    if (first === undefined) return undefined;
    const stored = events.map((e, i) => stream[Number(first) + i]);
    if (!stored.every((r, i) => r?.eventId === events[i]!.eventId && r.metadata.hash === events[i]!.metadata.hash)) return undefined;
    const last = stored.at(-1)!;
    return { nextExpectedRevision: last.revision, position: last.position };
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    const all = this.streams.get(streamId) ?? [];
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision;
    const selected = backwards
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
    });
  }

  async getStreamMetadata(streamId: string): Promise<StreamMetadata | undefined> {
    return this.metadata.get(streamId);
  }

  async setStreamMetadata(streamId: string, metadata: StreamMetadata): Promise<void> {
    this.metadata.set(streamId, metadata);
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {}
}
