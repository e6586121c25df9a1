import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('successful probes close an open circuit', () => {
  let bed: Testbed;

  beforeAll(async () => {
    bed = await startTestbed({ probeIntervalMs: 100, probeTimeoutMs: 100, failureThreshold: 3, closeAfter: 2 });
  });
  afterAll(() => bed?.close());

  it('given WECHAT_PAY’s circuit opened, when the bank answers probes again, then two successful probes close it', async () => {
    await bed.sandbox.configure('WECHAT_PAY', { timeoutRate: 1, timeoutMs: 5_000 });
    await eventually(async () => ((await bed.channelEvents('WECHAT_PAY')).length >= 2 ? true : undefined), 10_000, 'the circuit to open');

    await bed.sandbox.configure('WECHAT_PAY', { timeoutRate: 0 });

    const events = await eventually(async () => {
      const recorded = await bed.channelEvents('WECHAT_PAY');
      return recorded.length >= 3 ? recorded : undefined;
    }, 10_000, 'the circuit to close');
    expect(typesOf(events)).toEqual(['ChannelCircuitOpened', 'ChannelAlertRaised', 'ChannelCircuitClosed']);
    expect(events[2]?.data).toMatchObject({ channel: 'WECHAT_PAY', successfulProbes: 2 });

    const res = await fetch(`${bed.url}/v1/channels/health`, { headers: { authorization: `Bearer ${await bed.token(['payments:read'])}` } });
    const { channels } = (await res.json()) as { channels: Array<{ channel: string; status: string }> };
    expect(channels.find((c) => c.channel === 'WECHAT_PAY')).toMatchObject({ status: 'closed' });
  });
});
