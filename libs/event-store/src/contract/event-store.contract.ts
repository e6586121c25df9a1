import { DuplicateEventIdError } from '../expected-revision';
import { WrongExpectedRevisionError, type EventStore } from '../port';
import { headOf, someEvents, streamName } from './fixtures';
import { globalLogContract } from './global-log.contract';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

export interface ContractOptions {
  /**
   * Whether an event id is unique across the whole store. PostgreSQL and memory enforce it;
   * EventStoreDB only deduplicates ids within a stream, so it skips those scenarios.
   */
  readonly uniqueEventIds?: boolean;
}

/**
 * ONE contract for every adapter of the event store port (PostgreSQL, EventStoreDB, memory).
 * Stream ids are unique per test, so adapters may share one store (and one server) across tests.
 */
export function eventStoreContract(adapter: string, factory: EventStoreFactory, options: ContractOptions = {}): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;
    beforeAll(async () => ({ store, cleanup } = await factory()));
    afterAll(async () => cleanup());
    const s = () => store;

    describe('appending and reading one stream', () => {
      it('given a new stream, when events are appended, then they read back forwards and backwards as written', async () => {
        const id = streamName();
        const events = someEvents(id, 3);
        const result = await s().append(id, events, { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(2n);
        const forwards = await s().readStream(id);
        expect(forwards.map((e) => [e.streamId, e.revision, e.eventId, e.type])).toEqual(events.map((e, i) => [id, BigInt(i), e.eventId, e.type]));
        expect(forwards.map((e) => e.data)).toEqual(events.map((e) => e.data));
        expect(forwards.map((e) => e.metadata)).toEqual(events.map((e) => e.metadata)); // EventMetadata round-trips
        expect(forwards[2]!.position).toEqual(result.position);
        expect(forwards[0]!.recordedAt).toBeInstanceOf(Date);
        expect((await s().readStream(id, { direction: 'backwards' })).map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      });

      it('reads from an inclusive revision, in either direction, at most maxCount events', async () => {
        const id = streamName();
        await s().append(id, someEvents(id, 5), { expectedRevision: 'no_stream' });
        const revisions = async (o: Parameters<EventStore['readStream']>[1]) => (await s().readStream(id, o)).map((e) => e.revision);
        expect(await revisions({ fromRevision: 2n })).toEqual([2n, 3n, 4n]);
        expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
        expect(await revisions({ direction: 'backwards', fromRevision: 3n, maxCount: 2 })).toEqual([3n, 2n]);
        expect(await revisions({ direction: 'backwards', maxCount: 1 })).toEqual([4n]);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await s().readStream(streamName())).toEqual([]);
      });
    });

    describe('expected revisions', () => {
      const refused = (p: Promise<unknown>) => expect(p).rejects.toBeInstanceOf(WrongExpectedRevisionError);

      it('no_stream: accepts a new stream, refuses an existing one', async () => {
        const id = streamName();
        await s().append(id, someEvents(id, 1), { expectedRevision: 'no_stream' });
        await refused(s().append(id, someEvents(id, 1), { expectedRevision: 'no_stream' }));
      });

      it('stream_exists: refuses a new stream, accepts an existing one', async () => {
        const id = streamName();
        await refused(s().append(id, someEvents(id, 1), { expectedRevision: 'stream_exists' }));
        await s().append(id, someEvents(id, 1), { expectedRevision: 'any' });
        await expect(s().append(id, someEvents(id, 1, await headOf(s(), id)), { expectedRevision: 'stream_exists' })).resolves.toMatchObject({ nextExpectedRevision: 1n });
      });

      it('exact: accepts the current revision only, and says what the current one was', async () => {
        const id = streamName();
        await expect(s().append(id, someEvents(id, 1), { expectedRevision: 0n })).rejects.toMatchObject({ streamId: id, expected: 0n, actual: 'no_stream' });
        await s().append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
        await expect(s().append(id, someEvents(id, 1), { expectedRevision: 0n })).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: id, expected: 0n, actual: 1n });
        await expect(s().append(id, someEvents(id, 1, await headOf(s(), id)), { expectedRevision: 1n })).resolves.toMatchObject({ nextExpectedRevision: 2n });
      });

      it('any: appends whatever the stream holds', async () => {
        const id = streamName();
        await s().append(id, someEvents(id, 1), { expectedRevision: 'any' });
        await s().append(id, someEvents(id, 2), { expectedRevision: 'any' });
        expect((await s().readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('given a refused multi-event append, then nothing of it is written', async () => {
        const id = streamName();
        await s().append(id, someEvents(id, 1), { expectedRevision: 'no_stream' });
        await refused(s().append(id, someEvents(id, 3), { expectedRevision: 5n }));
        expect(await s().readStream(id)).toHaveLength(1);
      });
    });

    describe('event ids', () => {
      it.each(['no_stream', 'any'] as const)('retrying the very same append (expected %s) succeeds without writing twice', async (expectedRevision) => {
        const id = streamName();
        const events = someEvents(id, 2);
        const first = await s().append(id, events, { expectedRevision });
        const again = await s().append(id, events, { expectedRevision });
        expect(again).toEqual(first);
        expect(await s().readStream(id)).toHaveLength(2);
      });

      it('the same event ids with other content are a conflict, not a retry', async () => {
        const id = streamName();
        const events = someEvents(id, 1);
        await s().append(id, events, { expectedRevision: 'no_stream' });
        const altered = events.map((e) => ({ ...e, data: { other: true }, metadata: { ...e.metadata, hash: 'f'.repeat(64) } }));
        await expect(s().append(id, altered, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect((await s().readStream(id)).map((e) => e.data)).toEqual([events[0]!.data]);
      });

      it('with expected any, the same event ids with other content are refused as duplicates', async () => {
        const id = streamName();
        const events = someEvents(id, 1);
        await s().append(id, events, { expectedRevision: 'any' });
        const altered = events.map((e) => ({ ...e, data: { other: true } }));
        await expect(s().append(id, altered, { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await s().readStream(id)).toHaveLength(1);
      });

      (options.uniqueEventIds === false ? it.skip : it)('an event id stored in another stream is refused, and the whole append with it (atomicity)', async () => {
        const a = streamName();
        const b = streamName();
        const [taken] = someEvents(a, 1);
        await s().append(a, [taken!], { expectedRevision: 'no_stream' });
        const batch = [...someEvents(b, 2), { ...taken! }];
        await expect(s().append(b, batch, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventIdError);
        expect(await s().readStream(b)).toEqual([]);
        await s().append(b, someEvents(b, 1), { expectedRevision: 'no_stream' }); // and the stream is still new
      });
    });

    globalLogContract(s);

    describe('stream metadata', () => {
      it('sets, replaces and gets custom metadata; an unknown stream has none', async () => {
        const id = streamName();
        expect(await s().getStreamMetadata(id)).toBeUndefined();
        await s().setStreamMetadata(id, { owner: 'finance', retentionYears: 10, maxCount: 3 });
        expect(await s().getStreamMetadata(id)).toEqual({ owner: 'finance', retentionYears: 10, maxCount: 3 });
        await s().append(id, someEvents(id, 4), { expectedRevision: 'no_stream' });
        expect(await s().readStream(id)).toHaveLength(4); // custom `maxCount` is ours, not a retention setting
        await s().setStreamMetadata(id, { owner: 'audit' });
        expect(await s().getStreamMetadata(id)).toEqual({ owner: 'audit' });
      });
    });

    it('answers ping', async () => {
      await expect(s().ping()).resolves.toBeUndefined();
    });
  });
}
