import { createTestDatabase } from '@pl/testing';
import { DuplicateEventIdError } from '../expected-revision';
import { verifyChain } from '../hash-chain';
import { someEvents, streamName } from '../contract/fixtures';
import { WrongExpectedRevisionError, type AppendResult } from '../port';
import { DEFAULT_BATCHING } from './append-batcher';
import { PostgresEventStore } from './postgres-event-store';

/** The outcome of each append, in call order, without one failure hiding the others. */
const settled = (appends: Promise<AppendResult>[]) => Promise.allSettled(appends);
const commits = (results: PromiseSettledResult<AppendResult>[]) =>
  new Set(results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.position.commit] : [])));

describe('group commit: appends made together commit together, each with its own outcome', () => {
  let db: { url: string; drop(): Promise<void> };
  /** The store as the services make it. */
  let store: PostgresEventStore;
  /** One statement in flight at a time, so that appends made together form one batch, whose outcomes the tests below look at. */
  let oneBatch: PostgresEventStore;

  beforeAll(async () => {
    db = await createTestDatabase('group_commit');
    store = new PostgresEventStore(db.url);
    await store.ensureSchema();
    oneBatch = new PostgresEventStore(db.url, { groupCommit: { ...DEFAULT_BATCHING, maxInFlight: 1 } });
  });
  afterAll(async () => {
    await store.close();
    await oneBatch.close();
    await db.drop();
  });

  it('given 60 appends to new streams made in one tick, then every one lands, in fewer transactions than appends, and the global log holds each event once', async () => {
    const ids = Array.from({ length: 60 }, () => streamName('gc'));
    const results = await settled(ids.map((id, k) => store.append(id, someEvents(id, 1 + (k % 3)), { expectedRevision: 'no_stream' })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(commits(results).size).toBeLessThan(ids.length);
    for (const [k, id] of ids.entries()) {
      const stream = await store.readStream(id);
      expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 1 + (k % 3) }, (_, i) => BigInt(i)));
      expect(verifyChain(stream).ok).toBe(true);
      const result = results[k] as PromiseFulfilledResult<AppendResult>;
      expect(result.value.nextExpectedRevision).toBe(BigInt(k % 3));
      expect(result.value.position).toEqual(stream[stream.length - 1]!.position);
    }
    const log = (await store.readAll({ maxCount: 10_000 })).filter((e) => ids.includes(e.streamId));
    expect(log).toHaveLength(ids.reduce((n, _, k) => n + 1 + (k % 3), 0));
    expect(new Set(log.map((e) => e.eventId)).size).toBe(log.length);
  });

  it('given a batch in which one append expects a revision the stream is not at, then only that one fails, with nothing written, and the rest commit together', async () => {
    const existing = streamName('gc');
    await oneBatch.append(existing, someEvents(existing, 2), { expectedRevision: 'no_stream' });
    const others = Array.from({ length: 5 }, () => streamName('gc'));
    const results = await settled([
      ...others.map((id) => oneBatch.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' })),
      oneBatch.append(existing, someEvents(existing, 1), { expectedRevision: 0n }),
    ]);
    const failed = results[5]!;
    expect(failed.status).toBe('rejected');
    expect((failed as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect((failed as PromiseRejectedResult).reason).toMatchObject({ actual: 1n });
    expect(await store.readStream(existing)).toHaveLength(2);
    expect(results.slice(0, 5).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(commits(results).size).toBe(1); // one transaction, the failing append among them
  });

  it('given a batch holding a retry of an append already stored, then the retry gets the stored result and the others land', async () => {
    const first = streamName('gc');
    const events = someEvents(first, 2);
    const stored = await oneBatch.append(first, events, { expectedRevision: 'no_stream' });
    const others = Array.from({ length: 4 }, () => streamName('gc'));
    const results = await settled([oneBatch.append(first, events, { expectedRevision: 'no_stream' }), ...others.map((id) => oneBatch.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' }))]);
    expect(results[0]).toEqual({ status: 'fulfilled', value: stored });
    expect(results.slice(1).every((r) => r.status === 'fulfilled')).toBe(true);
    expect(await store.readStream(first)).toHaveLength(2);
  });

  it('given a batch in which one append reuses an event id stored in another stream, then that one is refused as a duplicate and the others still land', async () => {
    const owner = streamName('gc');
    const [taken] = someEvents(owner, 1);
    await oneBatch.append(owner, [taken!], { expectedRevision: 'no_stream' });
    const thief = streamName('gc');
    const others = Array.from({ length: 4 }, () => streamName('gc'));
    const results = await settled([
      ...others.map((id) => oneBatch.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' })),
      oneBatch.append(thief, [{ ...someEvents(thief, 1)[0]!, eventId: taken!.eventId }], { expectedRevision: 'no_stream' }),
    ]);
    expect(results[4]!.status).toBe('rejected');
    expect((results[4] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventIdError);
    expect(await store.readStream(thief)).toEqual([]);
    expect(results.slice(0, 4).every((r) => r.status === 'fulfilled')).toBe(true);
    for (const id of others) expect(await store.readStream(id)).toHaveLength(1);
  });

  it('given two appends to one stream in one batch, then they land in the order they were made, one after the other', async () => {
    const id = streamName('gc');
    const [a, b] = await Promise.all([
      oneBatch.append(id, someEvents(id, 2), { expectedRevision: 'any' }),
      oneBatch.append(id, someEvents(id, 1), { expectedRevision: 'any' }),
    ]);
    expect(a.nextExpectedRevision).toBe(1n);
    expect(b.nextExpectedRevision).toBe(2n);
    expect(b.position.commit).toBe(a.position.commit);
    expect(b.position.prepare).toBeGreaterThan(a.position.prepare);
    expect((await store.readStream(id)).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('given more appends waiting than statements may be in flight, then they are shared among the free slots, not sent as one batch', async () => {
    const ids = Array.from({ length: 2 * DEFAULT_BATCHING.maxInFlight }, () => streamName('gc'));
    const results = await settled(ids.map((id) => store.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' })));
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    // Two appends to each slot: as many transactions as slots, each holding two of the appends.
    expect(commits(results).size).toBe(DEFAULT_BATCHING.maxInFlight);
  });

  it('given large appends made together with small ones, then each large one goes alone, in a transaction of its own, while the small ones still share theirs', async () => {
    const large = Array.from({ length: 3 }, () => streamName('gc-large'));
    const small = Array.from({ length: 6 }, () => streamName('gc'));
    const size = DEFAULT_BATCHING.largeEvents;
    const results = await settled([
      ...large.map((id) => oneBatch.append(id, someEvents(id, size), { expectedRevision: 'no_stream' })),
      ...small.map((id) => oneBatch.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' })),
    ]);
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    const largeCommits = commits(results.slice(0, 3));
    const smallCommits = commits(results.slice(3));
    expect(largeCommits.size).toBe(3);
    // One statement in flight for batches: the six small appends made in one tick are one batch.
    expect(smallCommits.size).toBe(1);
    expect([...largeCommits].some((c) => smallCommits.has(c))).toBe(false);
    for (const id of large) {
      const stream = await store.readStream(id);
      expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: size }, (_, i) => BigInt(i)));
      expect(verifyChain(stream).ok).toBe(true);
    }
  });

  it('given group commit off, when appends are made together, then each has a transaction of its own', async () => {
    const alone = new PostgresEventStore(db.url, { groupCommit: false });
    try {
      const ids = Array.from({ length: 10 }, () => streamName('gc'));
      const results = await settled(ids.map((id) => alone.append(id, someEvents(id, 1), { expectedRevision: 'no_stream' })));
      expect(commits(results).size).toBe(10);
    } finally {
      await alone.close();
    }
  });
});
