import { eventually } from '@pl/testing';
import { startTestbed, typesOf, type Testbed } from './testing/testbed';

describe('three consecutive probe timeouts open the circuit and raise an alert', () => {
  let bed: Testbed;

  beforeAll(async () => {
    // Probe timeouts long enough that a healthy bank on a loaded machine does not miss three in a row.
    bed = await startTestbed({ probeIntervalMs: 200, probeTimeoutMs: 1_000, failureThreshold: 3 });
  });
  afterAll(() => bed?.close());

  it('given CCB holds every answer past the probe timeout, when three probes in a row time out, then its circuit opens once, with an alert, and only CCB’s', async () => {
    await bed.sandbox.configure('CCB', { timeoutRate: 1, timeoutMs: 5_000 });

    const events = await eventually(async () => {
      const recorded = await bed.channelEvents('CCB');
      return recorded.length > 0 ? recorded : undefined;
    }, 30_000, 'the circuit to open');

    expect(typesOf(events)).toEqual(['ChannelCircuitOpened', 'ChannelAlertRaised']);
    expect(events[0]?.data).toMatchObject({ channel: 'CCB', consecutiveFailures: 3, reason: expect.stringContaining('no answer within 1000 ms') });
    expect(events[1]?.data).toMatchObject({ channel: 'CCB', severity: 'critical' });
    expect(events[0]?.metadata.actor).toBe('service:bank-connectors');

    // More timeouts while open record nothing new.
    await new Promise((r) => setTimeout(r, 2_500));
    expect(await bed.channelEvents('CCB')).toHaveLength(2);
    expect(await bed.channelEvents('ICBC')).toEqual([]);

    const res = await fetch(`${bed.url}/v1/channels/health`, { headers: { authorization: `Bearer ${await bed.token(['payments:read'])}` } });
    expect(res.status).toBe(200);
    const { channels } = (await res.json()) as { channels: Array<{ channel: string; status: string; lastProbeOutcome: string }> };
    expect(channels.find((c) => c.channel === 'CCB')).toMatchObject({ status: 'open', lastProbeOutcome: 'down' });
    // ICBC's circuit stays closed (one slow probe on a loaded machine is not three).
    expect(channels.find((c) => c.channel === 'ICBC')).toMatchObject({ status: 'closed' });
  });

  it('refuses the health view without a token', async () => {
    expect((await fetch(`${bed.url}/v1/channels/health`)).status).toBe(401);
  });
});
