import { deciderSpec } from '@pl/testing';
import { channelDecider, type ChannelEvent, type OpenCircuit } from '@pl/domain';

const spec = deciderSpec(channelDecider);
const open = (over: Partial<OpenCircuit['data']> = {}): OpenCircuit => ({
  type: 'OpenCircuit',
  data: { channel: 'CMB', reason: 'probe timed out', consecutiveFailures: 3, openedAt: '2026-11-25T10:00:00.000Z', ...over },
});
const opened: ChannelEvent = {
  type: 'ChannelCircuitOpened',
  data: { channel: 'CMB', reason: 'probe timed out', consecutiveFailures: 3, openedAt: '2026-11-25T10:00:00.000Z' },
};

describe('circuit breaker', () => {
  it('given a closed circuit, when opened, then it opens and raises a critical alert', () => {
    const events = channelDecider.decide(open(), channelDecider.initialState());
    expect(events[0]).toEqual(opened);
    expect(events[1]).toMatchObject({ type: 'ChannelAlertRaised', data: { channel: 'CMB', severity: 'critical', raisedAt: '2026-11-25T10:00:00.000Z' } });
    expect(events).toHaveLength(2);
  });

  it('given an open circuit, when another replica opens it, then nothing happens', () => {
    spec.given([opened]).when(open({ openedAt: '2026-11-25T10:00:05.000Z' })).thenNothingHappens();
  });

  it('given an open circuit, when successful probes close it, then it closes', () => {
    spec
      .given([opened])
      .when({ type: 'CloseCircuit', data: { channel: 'CMB', successfulProbes: 2, closedAt: '2026-11-25T10:01:00.000Z' } })
      .then([{ type: 'ChannelCircuitClosed', data: { channel: 'CMB', successfulProbes: 2, closedAt: '2026-11-25T10:01:00.000Z' } }]);
  });

  it('given a closed circuit, when closed again, then nothing happens', () => {
    spec.given([]).when({ type: 'CloseCircuit', data: { channel: 'CMB', successfulProbes: 2, closedAt: '2026-11-25T10:01:00.000Z' } }).thenNothingHappens();
  });
});
