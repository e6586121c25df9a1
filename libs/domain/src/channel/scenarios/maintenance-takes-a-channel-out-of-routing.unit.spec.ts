import { deciderSpec } from '@pl/testing';
import { channelDecider, isRoutable, type ChannelEvent, type StartMaintenance } from '@pl/domain';

const spec = deciderSpec(channelDecider);
const start = (reason = 'bank maintenance window'): StartMaintenance => ({
  type: 'StartMaintenance',
  data: { channel: 'ICBC', reason, by: 'ops-anna', startedAt: '2026-11-25T01:00:00.000Z' },
});
const started: ChannelEvent = {
  type: 'ChannelMaintenanceStarted',
  data: { channel: 'ICBC', reason: 'bank maintenance window', by: 'ops-anna', startedAt: '2026-11-25T01:00:00.000Z' },
};

describe('maintenance', () => {
  it('given a routable channel, when maintenance starts, then it is recorded and the channel is not routable', () => {
    spec.given([]).when(start()).then([started]);
    expect(isRoutable(channelDecider.evolve(channelDecider.initialState(), started))).toBe(false);
  });

  it('given maintenance, when the same maintenance starts again, then nothing happens', () => {
    spec.given([started]).when(start()).thenNothingHappens();
  });

  it('given maintenance, when another maintenance starts, then it is refused', () => {
    spec.given([started]).when(start('another reason')).thenFails('maintenance_in_progress');
  });

  it('given no maintenance, when it starts without a reason, then it is refused', () => {
    spec.given([]).when(start(' ')).thenFails('reason_required');
  });

  it('given maintenance, when it ends, then the channel is routable again', () => {
    const end = { type: 'EndMaintenance' as const, data: { channel: 'ICBC', by: 'ops-anna', endedAt: '2026-11-25T02:00:00.000Z' } };
    spec.given([started]).when(end).then([{ type: 'ChannelMaintenanceEnded', data: { channel: 'ICBC', by: 'ops-anna', endedAt: '2026-11-25T02:00:00.000Z' } }]);
    const state = [started, ...channelDecider.decide(end, channelDecider.evolve(channelDecider.initialState(), started))].reduce(channelDecider.evolve, channelDecider.initialState());
    expect(isRoutable(state)).toBe(true);
  });

  it('given no maintenance, when it ends, then nothing happens', () => {
    spec.given([]).when({ type: 'EndMaintenance', data: { channel: 'ICBC', by: 'ops-anna', endedAt: '2026-11-25T02:00:00.000Z' } }).thenNothingHappens();
  });
});
