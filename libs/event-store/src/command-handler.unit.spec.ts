import { handleCommand, type DeciderOf } from './command-handler';
import { MemoryEventStore } from './memory-event-store';
import { WrongExpectedRevisionError, type AppendOptions, type AppendResult, type EventData } from './port';

type Counter = { count: number };
type Increment = { by: number; upTo: number };
type Incremented = { type: 'Incremented'; data: { by: number } };

/** A counter that refuses to pass `upTo`: deciding twice on the same command is a no-op once satisfied. */
const counter: DeciderOf<Counter, Increment, Incremented> = {
  initialState: () => ({ count: 0 }),
  evolve: (s, e) => ({ count: s.count + e.data.by }),
  decide: (c, s) => (s.count >= c.upTo ? [] : [{ type: 'Incremented', data: { by: c.by } }]),
};

const context = { correlationId: 'c', causationId: 'cmd-1', actor: 'test', occurredAt: '2026-11-22T10:00:00.000Z' };

describe('handleCommand: read, decide, append with the revision read', () => {
  it('appends what the decider decides and returns the new state', async () => {
    const store = new MemoryEventStore();
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context });
    expect(result.state).toEqual({ count: 2 });
    expect(result.revision).toBe(0n);
    expect(result.appended).toHaveLength(1);
  });

  it('writes nothing when the command is already satisfied', async () => {
    const store = new MemoryEventStore();
    await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context });
    const again = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context: { ...context, causationId: 'cmd-2' } });
    expect(again.appended).toEqual([]);
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('on a conflict reads again and decides again', async () => {
    const store = new MemoryEventStore();
    let interfere = true;
    const append = store.append.bind(store);
    store.append = async (id: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> => {
      if (interfere) {
        interfere = false; // another writer gets in first, once
        await handleCommand({ store, streamId: id, decider: counter, command: { by: 1, upTo: 10 }, context: { ...context, causationId: 'other' } });
      }
      return append(id, events, options);
    };
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 5, upTo: 10 }, context });
    expect(result.state).toEqual({ count: 6 });
    expect((await store.readStream('counter-1')).map((e) => e.revision)).toEqual([0n, 1n]);
  });

  it('gives up after maxRetries conflicts', async () => {
    const store = new MemoryEventStore();
    store.append = async (id: string) => {
      throw new WrongExpectedRevisionError(id, 'no_stream', 0n);
    };
    await expect(
      handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 5 }, context, maxRetries: 2 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
  });
});
