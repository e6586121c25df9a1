import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { BANK_CHANNELS, type BankChannel } from '@pl/bank-protocol';
import { channelDecider, channelStreamId, type ChannelCommand, type ChannelEvent } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { traceCarrier } from '@pl/telemetry';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { CircuitBreaker, type BreakerView } from './circuit-breaker';

export interface ChannelHealth extends BreakerView {
  readonly channel: BankChannel;
  readonly lastProbeAt: string | null;
  readonly lastProbeOutcome: 'up' | 'down' | null;
  readonly lastProbeDetail: string | null;
}

interface Entry {
  readonly breaker: CircuitBreaker;
  lastProbeAt: string | null;
  lastProbeOutcome: 'up' | 'down' | null;
  lastProbeDetail: string | null;
}

/**
 * This connector's breakers, one per channel, and the channel streams where their openings and
 * closings are recorded (routing reads them). Several replicas may record the same transition:
 * the channel decider makes the second one a no-op.
 */
@Injectable()
export class ChannelBreakers implements OnApplicationBootstrap {
  private readonly logger = new Logger('bank-connectors circuits');
  private readonly entries: ReadonlyMap<BankChannel, Entry>;

  constructor(
    @Inject(CONNECTORS_CONFIG) config: ConnectorsConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    const settings = { failureThreshold: config.failureThreshold, closeAfter: config.closeAfter };
    this.entries = new Map(BANK_CHANNELS.map((c) => [c, { breaker: new CircuitBreaker(settings), lastProbeAt: null, lastProbeOutcome: null, lastProbeDetail: null }]));
  }

  /** A circuit recorded open before a restart stays open until probes close it. */
  async onApplicationBootstrap(): Promise<void> {
    for (const [channel, entry] of this.entries) {
      const history = await this.store.readStream(channelStreamId(channel));
      const state = history.reduce((s, r) => channelDecider.evolve(s, { type: r.type, data: r.data } as ChannelEvent), channelDecider.initialState());
      if (state.circuit.status === 'open') entry.breaker.restoreOpen();
    }
  }

  allowsPayments(channel: BankChannel): boolean {
    return this.entries.get(channel)?.breaker.allowsPayments ?? false;
  }

  health(): ChannelHealth[] {
    return [...this.entries].map(([channel, e]) => ({
      channel,
      ...e.breaker.view,
      lastProbeAt: e.lastProbeAt,
      lastProbeOutcome: e.lastProbeOutcome,
      lastProbeDetail: e.lastProbeDetail,
    }));
  }

  async probed(channel: BankChannel, outcome: { up: true } | { up: false; reason: string }): Promise<void> {
    const entry = this.entries.get(channel);
    if (!entry) return;
    const at = this.clock.now().toISOString();
    entry.lastProbeAt = at;
    entry.lastProbeOutcome = outcome.up ? 'up' : 'down';
    entry.lastProbeDetail = outcome.up ? null : outcome.reason;
    if (outcome.up) {
      const successes = entry.breaker.view.consecutiveSuccesses + 1;
      if (entry.breaker.recordSuccess() === 'closed') {
        this.logger.log(`${channel}: circuit closed after ${successes} successful probes`);
        await this.record({ type: 'CloseCircuit', data: { channel, successfulProbes: successes, closedAt: at } }, `probe:${channel}:closed:${at}`);
      }
      return;
    }
    const failures = entry.breaker.view.consecutiveFailures + 1;
    if (entry.breaker.recordFailure() === 'opened') {
      this.logger.error(`${channel}: circuit OPEN after ${failures} consecutive failed probes (${outcome.reason})`);
      await this.record(
        { type: 'OpenCircuit', data: { channel, reason: `health probe: ${outcome.reason}`, consecutiveFailures: failures, openedAt: at } },
        `probe:${channel}:opened:${at}`,
      );
    }
  }

  private async record(command: ChannelCommand, causationId: string): Promise<void> {
    const streamId = channelStreamId(command.data.channel);
    await handleCommand({
      store: this.store,
      streamId,
      decider: channelDecider,
      command,
      context: { correlationId: streamId, causationId, actor: 'service:bank-connectors', occurredAt: this.clock.now().toISOString(), ...traceCarrier() },
    });
  }
}
