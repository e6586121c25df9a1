import { appendOnKnown, handleCommand, type DeciderOf } from './command-handler';
import { verifyChain } from './hash-chain';
import { MemoryEventStore } from './memory-event-store';
import { WrongExpectedRevisionError, type AppendOptions, type AppendResult, type EventData, type ReadStreamOptions, type RecordedEvent } from './port';

type Counter = { count: number };
/** With `after`, not due before the count reaches it: [] then, or a refusal with `refuse`. */
type Increment = { by: number; upTo: number; after?: number; refuse?: boolean };
type Incremented = { type: 'Incremented'; data: { by: number } };

/** A counter that refuses to pass `upTo`: once satisfied, the same command decides nothing. */
const counter: DeciderOf<Counter, Increment, Incremented> = {
  initialState: () => ({ count: 0 }),
  evolve: (s, e) => ({ count: s.count + e.data.by }),
  decide: (c, s) => {
    if (c.after !== undefined && s.count < c.after) {
      if (c.refuse) throw new Error(`count ${s.count} is below ${c.after}`);
      return [];
    }
    return s.count >= c.upTo ? [] : [{ type: 'Incremented', data: { by: c.by } }];
  },
};

const context = { correlationId: 'c', causationId: 'cmd-1', actor: 'test', occurredAt: '2026-11-22T10:00:00.000Z' };

/** A store where, on the first append only, another writer gets in first. */
function storeWithOneRival(): MemoryEventStore {
  const store = new MemoryEventStore();
  const append = store.append.bind(store);
  let interfere = true;
  store.append = async (id: string, events: readonly EventData[], options: AppendOptions): Promise<AppendResult> => {
    if (interfere) {
      interfere = false;
      await handleCommand({ store, streamId: id, decider: counter, command: { by: 1, upTo: 10 }, context: { ...context, causationId: 'rival' } });
    }
    return append(id, events, options);
  };
  return store;
}

describe('handleCommand: read, decide, append with the revision read', () => {
  it('given an empty stream, when the decider decides, then its events are appended with metadata and the new state returned', async () => {
    const store = new MemoryEventStore();
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context });
    expect(result).toMatchObject({ state: { count: 2 }, revision: 0n, appended: [{ type: 'Incremented', streamId: 'counter-1', revision: 0n }] });
    const stored = await store.readStream('counter-1');
    expect(stored[0]!.metadata).toMatchObject({ causationId: 'cmd-1', actor: 'test', schemaVersion: 1 });
    expect(result.position).toEqual(stored[0]!.position);
  });

  it('given the command is already satisfied, when handled again, then nothing is written', async () => {
    const store = new MemoryEventStore();
    await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context });
    const again = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context: { ...context, causationId: 'cmd-2' } });
    expect(again).toEqual({ appended: [], state: { count: 2 }, revision: 0n });
    expect(await store.readStream('counter-1')).toHaveLength(1);
  });

  it('given a rival append, when the append conflicts, then it reads again, decides again, and the chain stays intact', async () => {
    const store = storeWithOneRival();
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 5, upTo: 10 }, context });
    expect(result.state).toEqual({ count: 6 });
    expect(result.appended.map((e) => e.revision)).toEqual([1n]);
    const stream = await store.readStream('counter-1');
    expect(stream.map((e) => e.metadata.causationId)).toEqual(['rival', 'cmd-1']);
    expect(verifyChain(stream)).toEqual({ ok: true, count: 2 });
  });

  it('given conflicts on every attempt, then it tries maxRetries + 1 times and rethrows the conflict', async () => {
    const store = new MemoryEventStore();
    let attempts = 0;
    store.append = async (id: string) => {
      attempts++;
      throw new WrongExpectedRevisionError(id, 'no_stream', 0n);
    };
    await expect(
      handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 5 }, context, maxRetries: 2 }),
    ).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(attempts).toBe(3);
  });

  it('does not retry other errors', async () => {
    const store = new MemoryEventStore();
    let attempts = 0;
    store.append = async () => {
      attempts++;
      throw new Error('connection reset');
    };
    await expect(handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 5 }, context })).rejects.toThrow('connection reset');
    expect(attempts).toBe(1);
  });

  it('folds stored events through toDomain (where old schema versions are upcast)', async () => {
    const store = new MemoryEventStore();
    await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 3, upTo: 3 }, context });
    const result = await handleCommand({
      store,
      streamId: 'counter-1',
      decider: counter,
      command: { by: 1, upTo: 100 },
      context: { ...context, causationId: 'cmd-2' },
      toDomain: (r) => ({ type: 'Incremented', data: { by: 10 * Number(r.data['by']) } }), // v1 counted tens
    });
    expect(result.state).toEqual({ count: 31 });
  });
});

/** The real store, counting the stream reads. */
class CountingStore extends MemoryEventStore {
  reads = 0;

  override readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads += 1;
    return super.readStream(streamId, options);
  }
}

/** A stream of `count` increments of 1, and the store that holds it with its reads counted from zero. */
async function streamOf(count: number): Promise<{ store: CountingStore; history: RecordedEvent[] }> {
  const store = new CountingStore();
  for (let i = 0; i < count; i++) {
    await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 100 }, context: { ...context, causationId: `setup-${i}` } });
  }
  const history = await store.readStream('counter-1');
  store.reads = 0;
  return { store, history };
}

describe('handleCommand with a known history: decides on it, reads only when it cannot conclude', () => {
  it('given the whole stream is known, when the decider decides, then it is appended after it without a read', async () => {
    const { store, history } = await streamOf(2);
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 5, upTo: 10 }, context, known: history });
    expect(store.reads).toBe(0);
    expect(result).toMatchObject({ state: { count: 7 }, revision: 2n, appended: [{ type: 'Incremented', revision: 2n }] });
    expect(verifyChain(await store.readStream('counter-1'))).toEqual({ ok: true, count: 3 });
  });

  it('given a stale prefix is known, when the append conflicts, then it reads the stream and decides on it', async () => {
    const { store, history } = await streamOf(3);
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 5, upTo: 10 }, context, known: history.slice(0, 1) });
    expect(store.reads).toBe(1);
    expect(result).toMatchObject({ state: { count: 8 }, appended: [{ revision: 3n }] });
    expect(verifyChain(await store.readStream('counter-1'))).toEqual({ ok: true, count: 4 });
  });

  it('given the known prefix makes the command look already done, then it reads the stream and decides again', async () => {
    const { store, history } = await streamOf(3);
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 10, after: 2 }, context, known: history.slice(0, 1) });
    expect(store.reads).toBe(1);
    expect(result).toMatchObject({ state: { count: 4 }, appended: [{ revision: 3n }] });
  });

  it('given the known prefix makes the decider refuse, when the stream would not, then there is no error', async () => {
    const { store, history } = await streamOf(3);
    const command = { by: 1, upTo: 10, after: 2, refuse: true };
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command, context, known: history.slice(0, 1) });
    expect(store.reads).toBe(1);
    expect(result.state).toEqual({ count: 4 });
  });

  it('given the stream too refuses or is already done, then the answer is the one the stream gives', async () => {
    const { store, history } = await streamOf(1);
    await expect(handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 10, after: 2, refuse: true }, context, known: history })).rejects.toThrow(
      'count 1 is below 2',
    );
    expect(await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 1 }, context, known: history })).toEqual({ appended: [], state: { count: 1 }, revision: 0n });
    expect(store.reads).toBe(2);
  });

  it('given a known history with a gap, then it is not decided on', async () => {
    const { store, history } = await streamOf(3);
    expect(await appendOnKnown({ store, streamId: 'counter-1', decider: counter, command: { by: 1, upTo: 10 }, context, known: [history[0]!, history[2]!] })).toBeUndefined();
    expect(await store.readStream('counter-1')).toHaveLength(3);
  });

  it('given nothing is known of a new stream, then the first events are appended without a read', async () => {
    const store = new CountingStore();
    const result = await handleCommand({ store, streamId: 'counter-1', decider: counter, command: { by: 2, upTo: 2 }, context, known: [] });
    expect(store.reads).toBe(0);
    expect(result.revision).toBe(0n);
  });
});
