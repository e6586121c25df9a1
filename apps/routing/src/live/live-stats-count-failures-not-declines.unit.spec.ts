import { NEUTRAL_STATS } from '@pl/domain';
import type { RecordedEvent } from '@pl/event-store';
import { ChannelStatsBoard } from './channel-stats.board';

let n = 0;
const recorded = (type: string, data: Record<string, string | number>): RecordedEvent =>
  ({ eventId: `e-${(n += 1)}`, type, data, streamId: 'payment-p', revision: 0n }) as unknown as RecordedEvent;

describe('live channel statistics from payment events', () => {
  it('given a submission then an authorization, then latency is the time between them and the success rate rises', () => {
    const board = new ChannelStatsBoard();
    board.observe(recorded('PaymentSubmittedToBank', { paymentId: 'p', attempt: 1, channel: 'ICBC', submittedAt: '2026-11-25T01:00:00.000Z' }));
    board.observe(recorded('PaymentAuthorized', { paymentId: 'p', attempt: 1, channel: 'ICBC', authorizedAt: '2026-11-25T01:00:00.200Z' }));
    const s = board.statsOf('ICBC');
    expect(s.authorized).toBe(1);
    expect(s.latencyMs).toBeCloseTo(NEUTRAL_STATS.latencyMs + 0.2 * (200 - NEUTRAL_STATS.latencyMs));
    expect(s.successRate).toBeGreaterThan(NEUTRAL_STATS.successRate);
  });

  it('given a technical failure and a decline, then only the failure lowers the success rate, and a redelivered failure counts once', () => {
    const board = new ChannelStatsBoard();
    const failed = recorded('PaymentFailed', { paymentId: 'p', attempt: 1, channel: 'CCB', reason: 'timeout' });
    board.observe(failed);
    board.observe(failed);
    board.observe(recorded('PaymentDeclined', { paymentId: 'q', attempt: 1, channel: 'CMB', code: '51' }));
    expect(board.statsOf('CCB')).toMatchObject({ failed: 1, successRate: NEUTRAL_STATS.successRate * 0.8 });
    expect(board.statsOf('CMB')).toMatchObject({ declined: 1, failed: 0, successRate: NEUTRAL_STATS.successRate });
  });
});
