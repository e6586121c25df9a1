import { comparePositions, type EventStore, type RecordedEvent } from '../port';
import { checkpointNow, collectUntil, headOf, readAllUntil, someEvents, streamName, take } from './fixtures';

/** The global log half of the contract (see event-store.contract.ts). */
export function globalLogContract(s: () => EventStore): void {
  // The log is eventually consistent with appends (see readAllUntil), so reads of it poll.
  describe('the global log', () => {
    it('orders events totally, each stream in revision order, and reads strictly after a position', async () => {
      const checkpoint = await checkpointNow(s());
      const a = streamName();
      const b = streamName();
      const ra = await s().append(a, someEvents(a, 2), { expectedRevision: 'no_stream' });
      await s().append(b, someEvents(b, 1), { expectedRevision: 'no_stream' });
      const log = await readAllUntil(s(), checkpoint, (l) => l.some((e) => e.streamId === b));
      for (let i = 1; i < log.length; i++) expect(comparePositions(log[i - 1]!.position, log[i]!.position)).toBeLessThan(0);
      const mine = log.filter((e) => e.streamId === a || e.streamId === b).map((e) => `${e.streamId === a ? 'a' : 'b'}${e.revision}`);
      expect(mine).toEqual(['a0', 'a1', 'b0']);
      expect(log.every((e) => comparePositions(e.position, checkpoint) > 0)).toBe(true);
      const after = await readAllUntil(s(), ra.position, (l) => l.some((e) => e.streamId === b));
      expect(after.some((e) => e.streamId === a)).toBe(false); // exclusive: a1 itself is not repeated
      expect(after.some((e) => e.streamId === b)).toBe(true);
      expect(await s().readAll({ after: checkpoint, maxCount: 2 })).toHaveLength(2);
    });

    it('subscribes: catches up on what is stored, then follows live appends', async () => {
      const checkpoint = await checkpointNow(s());
      const id = streamName();
      await s().append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
      const controller = new AbortController();
      const mineOnly = (seen: readonly RecordedEvent[]) => seen.filter((e) => e.streamId === id);
      const received = collectUntil(s().subscribeToAll({ after: checkpoint, signal: controller.signal }), (seen) => mineOnly(seen).length >= 4, controller);
      await new Promise((r) => setTimeout(r, 200)); // caught up and idle: the next two arrive live
      await s().append(id, someEvents(id, 2, await headOf(s(), id)), { expectedRevision: 1n });
      const events = mineOnly(await received);
      expect(events.map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n]);
    });

    it('resumes from a checkpoint without repeating what came before it', async () => {
      const id = streamName();
      const first = await s().append(id, someEvents(id, 2), { expectedRevision: 'no_stream' });
      await s().append(id, someEvents(id, 1, await headOf(s(), id)), { expectedRevision: 1n });
      const controller = new AbortController();
      const events = await collectUntil(s().subscribeToAll({ after: first.position, signal: controller.signal }), (seen) => seen.some((e) => e.streamId === id), controller);
      expect(events.filter((e) => e.streamId === id).map((e) => e.revision)).toEqual([2n]);
    });

    it('ends an idle subscription promptly when aborted', async () => {
      const controller = new AbortController();
      const tail = await checkpointNow(s());
      const started = Date.now();
      const iteration = (async () => {
        let n = 0;
        for await (const _ of s().subscribeToAll({ after: tail, signal: controller.signal })) n++;
        return n;
      })();
      setTimeout(() => controller.abort(), 100);
      await expect(iteration).resolves.toBe(0);
      expect(Date.now() - started).toBeLessThan(2_000);
    });

    it('yields nothing for a signal already aborted, and stops when the consumer breaks', async () => {
      const id = streamName();
      await s().append(id, someEvents(id, 3), { expectedRevision: 'no_stream' });
      const aborted = AbortSignal.abort();
      for await (const _ of s().subscribeToAll({ signal: aborted })) throw new Error('an aborted subscription yielded');
      const controller = new AbortController();
      expect(await take(s().subscribeToAll({ signal: controller.signal }), 1, controller)).toHaveLength(1);
    });
  });
}
