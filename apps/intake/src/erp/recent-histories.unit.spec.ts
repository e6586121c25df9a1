import type { RecordedEvent } from '@pl/event-store';
import { RecentHistories } from './recent-histories';

const event = (streamId: string, revision: bigint): RecordedEvent =>
  ({ streamId, revision, eventId: `${streamId}-${revision}`, type: 'T', data: {}, metadata: {}, position: { commit: 0n, prepare: revision }, recordedAt: new Date(0) }) as unknown as RecordedEvent;

describe('the status publisher extends a held history only with the very next event', () => {
  it('given the history up to revision 1, when revision 2 arrives, then it is the held history plus that event', () => {
    const recent = new RecentHistories();
    recent.remember('payment-a', [event('payment-a', 0n), event('payment-a', 1n)]);
    expect(recent.extend(event('payment-a', 2n))?.map((e) => e.revision)).toEqual([0n, 1n, 2n]);
  });

  it('given a gap, a redelivery or an unknown stream, then it is a miss (read the store)', () => {
    const recent = new RecentHistories();
    recent.remember('payment-a', [event('payment-a', 0n), event('payment-a', 1n)]);
    expect(recent.extend(event('payment-a', 3n))).toBeUndefined();
    expect(recent.extend(event('payment-a', 1n))).toBeUndefined();
    expect(recent.extend(event('payment-b', 1n))).toBeUndefined();
  });

  it('given more streams than it holds, then the least recently used one is forgotten', () => {
    const recent = new RecentHistories(2);
    recent.remember('payment-a', [event('payment-a', 0n)]);
    recent.remember('payment-b', [event('payment-b', 0n)]);
    recent.remember('payment-a', [event('payment-a', 0n), event('payment-a', 1n)]);
    recent.remember('payment-c', [event('payment-c', 0n)]);
    expect(recent.extend(event('payment-b', 1n))).toBeUndefined();
    expect(recent.extend(event('payment-a', 2n))).toHaveLength(3);
  });
});
