import type { RecordedEvent } from './port';
import { RecentHistories } from './recent-histories';

const event = (streamId: string, revision: bigint): RecordedEvent =>
  ({ streamId, revision, eventId: `${streamId}-${revision}`, type: 'T', data: {}, metadata: {}, position: { commit: 0n, prepare: revision }, recordedAt: new Date(0) }) as unknown as RecordedEvent;

const revisions = (history: readonly RecordedEvent[] | undefined): bigint[] | undefined => history?.map((e) => e.revision);

describe('a consumer holds the streams it was delivered, without gaps', () => {
  it('given the history up to revision 1, when revision 2 is extended, then it is the held history plus that event', () => {
    const recent = new RecentHistories();
    recent.remember('payment-a', [event('payment-a', 0n), event('payment-a', 1n)]);
    expect(revisions(recent.extend(event('payment-a', 2n)))).toEqual([0n, 1n, 2n]);
  });

  it('given a gap, a redelivery or an unknown stream, then extend is a miss (read the store)', () => {
    const recent = new RecentHistories();
    recent.remember('payment-a', [event('payment-a', 0n), event('payment-a', 1n)]);
    expect(recent.extend(event('payment-a', 3n))).toBeUndefined();
    expect(recent.extend(event('payment-a', 1n))).toBeUndefined();
    expect(recent.extend(event('payment-b', 1n))).toBeUndefined();
  });

  it('given a remembered history, then held gives it until it is forgotten or evicted', () => {
    const recent = new RecentHistories(1);
    recent.remember('payment-a', [event('payment-a', 0n)]);
    expect(revisions(recent.held('payment-a'))).toEqual([0n]);
    recent.forget('payment-a');
    expect(recent.held('payment-a')).toBeUndefined();
    recent.remember('payment-a', [event('payment-a', 0n)]);
    recent.remember('payment-b', [event('payment-b', 0n)]);
    expect(recent.held('payment-a')).toBeUndefined();
    expect(revisions(recent.held('payment-b'))).toEqual([0n]);
  });

  it('given nothing held, when revision 0 is delivered, then it alone is the history', () => {
    expect(revisions(new RecentHistories().upTo(event('payment-a', 0n)))).toEqual([0n]);
  });

  it('given events delivered in order, when each arrives, then upTo is the history up to it and is remembered', () => {
    const recent = new RecentHistories();
    recent.upTo(event('payment-a', 0n));
    recent.upTo(event('payment-a', 1n));
    expect(revisions(recent.upTo(event('payment-a', 2n)))).toEqual([0n, 1n, 2n]);
    expect(revisions(recent.extend(event('payment-a', 3n)))).toEqual([0n, 1n, 2n, 3n]);
  });

  it('given a held history beyond the delivered event (a redelivery), then upTo is the prefix up to it and the held one stays', () => {
    const recent = new RecentHistories();
    recent.remember('payment-a', [event('payment-a', 0n), event('payment-a', 1n), event('payment-a', 2n)]);
    expect(revisions(recent.upTo(event('payment-a', 1n)))).toEqual([0n, 1n]);
    expect(revisions(recent.upTo(event('payment-a', 3n)))).toEqual([0n, 1n, 2n, 3n]);
  });

  it('given a gap or a stream first seen mid-way, then upTo is a miss and remembers nothing', () => {
    const recent = new RecentHistories();
    recent.upTo(event('payment-a', 0n));
    expect(recent.upTo(event('payment-a', 2n))).toBeUndefined();
    expect(recent.upTo(event('payment-b', 4n))).toBeUndefined();
    expect(revisions(recent.upTo(event('payment-a', 1n)))).toEqual([0n, 1n]);
    expect(recent.upTo(event('payment-b', 5n))).toBeUndefined();
  });

  it('given more streams than it holds, then the least recently used one is forgotten', () => {
    const recent = new RecentHistories(2);
    recent.remember('payment-a', [event('payment-a', 0n)]);
    recent.remember('payment-b', [event('payment-b', 0n)]);
    recent.upTo(event('payment-a', 1n));
    recent.remember('payment-c', [event('payment-c', 0n)]);
    expect(recent.extend(event('payment-b', 1n))).toBeUndefined();
    expect(recent.extend(event('payment-a', 2n))).toHaveLength(3);
  });
});
