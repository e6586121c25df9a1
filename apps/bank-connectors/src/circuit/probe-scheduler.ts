import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { BankAdapters } from '../bank/bank-adapters';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { RepeatingTask } from '../repeating-task';
import { ChannelBreakers } from './channel-breakers';

/**
 * Probes every channel's health endpoint every PROBE_INTERVAL_MS (signed, PROBE_TIMEOUT_MS each) and
 * feeds the breakers. Rounds never overlap: the next starts an interval after the last one ended.
 */
@Injectable()
export class ProbeScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly task: RepeatingTask;

  constructor(
    @Inject(CONNECTORS_CONFIG) private readonly config: ConnectorsConfig,
    private readonly adapters: BankAdapters,
    private readonly breakers: ChannelBreakers,
  ) {
    this.task = new RepeatingTask('probe round', config.probeIntervalMs, () => this.probeAll(), new Logger('bank-connectors probes'));
  }

  onApplicationBootstrap(): void {
    this.task.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.task.stop();
  }

  private async probeAll(): Promise<void> {
    await Promise.all(
      // Not traced: 11 probes every 30 s would bury the payment traces SRE look for.
      this.adapters.all().map(async (adapter) => {
        const call = await adapter.probe(this.config.probeTimeoutMs);
        if (!this.task.running) return;
        await this.breakers.probed(adapter.channel, call.kind === 'answer' ? { up: true } : { up: false, reason: reasonOf(call) });
      }),
    );
  }
}

const reasonOf = (call: { kind: 'not-found' } | { kind: 'unavailable'; reason: string } | { kind: 'refused'; reason: string }): string =>
  call.kind === 'not-found' ? 'health endpoint not found' : call.reason;
