import { comparePositions, START, WrongExpectedRevisionError, type EventStore } from '../port';
import { someEvents, streamName, take } from './fixtures';

export type EventStoreFactory = () => Promise<{ store: EventStore; cleanup(): Promise<void> }>;

/**
 * ONE contract for every adapter of the event store port (PostgreSQL, EventStoreDB, memory).
 * Stream ids are unique per test, so adapters may share one store across tests.
 */
export function eventStoreContract(adapter: string, factory: EventStoreFactory): void {
  describe(`event store contract: ${adapter}`, () => {
    let store: EventStore;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
      ({ store, cleanup } = await factory());
    });
    afterAll(async () => cleanup());

    describe('appending and reading one stream', () => {
      it('appends to a new stream and reads it back forwards and backwards', async () => {
        const id = streamName();
        const events = someEvents(id, 3);
        const result = await store.append(id, events, { expectedRevision: 'no_stream' });
        expect(result.nextExpectedRevision).toBe(2n);
        const forwards = await store.readStream(id);
        expect(forwards.map((e) => [e.revision, e.eventId, e.type])).toEqual(events.map((e, i) => [BigInt(i), e.eventId, e.type]));
        expect(forwards[0]!.data).toEqual(events[0]!.data);
        expect(forwards[0]!.metadata).toEqual(events[0]!.metadata);
        expect(forwards[2]!.position).toEqual(result.position);
        const backwards = await store.readStream(id, { direction: 'backwards' });
        expect(backwards.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      });

      it('reads from a revision and at most maxCount events', async () => {
        const id = streamName();
        await store.append(id, someEvents(id, 5), { expectedRevision: 'no_stream' });
        expect((await store.readStream(id, { fromRevision: 2n })).map((e) => e.revision)).toEqual([2n, 3n, 4n]);
        expect((await store.readStream(id, { fromRevision: 1n, maxCount: 2 })).map((e) => e.revision)).toEqual([1n, 2n]);
        expect((await store.readStream(id, { direction: 'backwards', fromRevision: 3n, maxCount: 2 })).map((e) => e.revision)).toEqual([3n, 2n]);
      });

      it('reads a stream that does not exist as empty', async () => {
        expect(await store.readStream(streamName())).toEqual([]);
      });
    });

    describe('expected revisions', () => {
      it('no_stream: accepts a new stream, refuses an existing one', async () => {
        const id = streamName();
        await store.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' });
        await expect(store.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });

      it('stream_exists: refuses a new stream, accepts an existing one', async () => {
        const id = streamName();
        await expect(store.append(id, someEvents(id, 1), { expectedRevision: 'stream_exists' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        const [first] = await Promise.all([store.append(id, someEvents(id, 1), { expectedRevision: 'any' })]);
        expect(first.nextExpectedRevision).toBe(0n);
        const head = (await store.readStream(id))[0]!;
        await expect(store.append(id, someEvents(id, 1, head), { expectedRevision: 'stream_exists' })).resolves.toMatchObject({ nextExpectedRevision: 1n });
      });

      it('exact: accepts the current revision only, and says what it was', async () => {
        const id = streamName();
        await store.append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
        const stale = store.append(id, someEvents(id, 1), { expectedRevision: 0n });
        await expect(stale).rejects.toMatchObject({ name: 'WrongExpectedRevisionError', streamId: id, expected: 0n, actual: 1n });
        const head = (await store.readStream(id, { direction: 'backwards', maxCount: 1 }))[0]!;
        await expect(store.append(id, someEvents(id, 1, head), { expectedRevision: 1n })).resolves.toMatchObject({ nextExpectedRevision: 2n });
      });

      it('any: appends whatever the stream holds', async () => {
        const id = streamName();
        await store.append(id, someEvents(id, 1), { expectedRevision: 'any' });
        await store.append(id, someEvents(id, 2), { expectedRevision: 'any' });
        expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
      });

      it('a refused multi-event append writes nothing', async () => {
        const id = streamName();
        await store.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' });
        await expect(store.append(id, someEvents(id, 3), { expectedRevision: 5n })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
        expect(await store.readStream(id)).toHaveLength(1);
      });

      it('retrying the very same append at the same expected revision is idempotent', async () => {
        const id = streamName();
        const events = someEvents(id, 2);
        const first = await store.append(id, events, { expectedRevision: 'no_stream' });
        const again = await store.append(id, events, { expectedRevision: 'no_stream' });
        expect(again.nextExpectedRevision).toBe(first.nextExpectedRevision);
        expect(await store.readStream(id)).toHaveLength(2);
      });

      it('the same event ids with other content are a conflict, not a retry', async () => {
        const id = streamName();
        const events = someEvents(id, 1);
        await store.append(id, events, { expectedRevision: 'no_stream' });
        const altered = events.map((e) => ({ ...e, metadata: { ...e.metadata, hash: 'f'.repeat(64) } }));
        await expect(store.append(id, altered, { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      });
    });

    describe('the global log', () => {
      it('orders events totally and reads strictly after a position', async () => {
        const a = streamName();
        const b = streamName();
        const ra = await store.append(a, someEvents(a, 2), { expectedRevision: 'no_stream' });
        await store.append(b, someEvents(b, 1), { expectedRevision: 'no_stream' });
        const after = await store.readAll({ after: ra.position, maxCount: 10_000 });
        expect(after.some((e) => e.streamId === a)).toBe(false);
        expect(after.some((e) => e.streamId === b)).toBe(true);
        const all = await store.readAll({ maxCount: 100_000 });
        for (let i = 1; i < all.length; i++) expect(comparePositions(all[i - 1]!.position, all[i]!.position)).toBeLessThan(0);
        const mine = all.filter((e) => e.streamId === a || e.streamId === b).map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`);
        expect(mine).toEqual(['a0', 'a1', 'b0']);
      });

      it('subscribes: catches up, then follows live appends, then stops when aborted', async () => {
        const id = streamName();
        const start = await store.readAll({ maxCount: 100_000 });
        const checkpoint = start.at(-1)?.position ?? START;
        await store.append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
        const controller = new AbortController();
        const received = take(store.subscribeToAll({ after: checkpoint, signal: controller.signal }), 4, controller);
        await new Promise((r) => setTimeout(r, 200));
        const head = (await store.readStream(id, { direction: 'backwards', maxCount: 1 }))[0]!;
        await store.append(id, someEvents(id, 2, head), { expectedRevision: 1n });
        const events = (await received).filter((e) => e.streamId === id);
        expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
      });

      it('resumes from a checkpoint without repeating what came before it', async () => {
        const id = streamName();
        const first = await store.append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
        const head = (await store.readStream(id, { direction: 'backwards', maxCount: 1 }))[0]!;
        await store.append(id, someEvents(id, 1, head), { expectedRevision: 1n });
        const controller = new AbortController();
        const events = await take(store.subscribeToAll({ after: first.position, signal: controller.signal }), 1, controller);
        expect(events.filter((e) => e.streamId === id).map((e) => e.revision)).toEqual([2n]);
      });

      it('ends an idle subscription promptly when aborted', async () => {
        const controller = new AbortController();
        const tail = (await store.readAll({ maxCount: 100_000 })).at(-1)?.position ?? START;
        const iteration = (async () => {
          let n = 0;
          for await (const _ of store.subscribeToAll({ after: tail, signal: controller.signal })) n++;
          return n;
        })();
        setTimeout(() => controller.abort(), 100);
        await expect(iteration).resolves.toBe(0);
      });
    });

    describe('stream metadata', () => {
      it('sets and gets custom metadata, and has none for an unknown stream', async () => {
        const id = streamName();
        expect(await store.getStreamMetadata(id)).toBeUndefined();
        await store.setStreamMetadata(id, { owner: 'finance', retentionYears: 10 });
        expect(await store.getStreamMetadata(id)).toEqual({ owner: 'finance', retentionYears: 10 });
        await store.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' });
        expect(await store.getStreamMetadata(id)).toEqual({ owner: 'finance', retentionYears: 10 });
      });
    });

    it('answers ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
