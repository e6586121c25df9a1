import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { BANK_CHANNELS, BankChannelSchema, type BankChannel } from '@pl/bank-protocol';
import { CLOCK, type Clock } from '@pl/runtime';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';
import { BankAdapter } from './bank-adapter';

/** The registry: one adapter per channel code the platform routes to. */
@Injectable()
export class BankAdapters implements OnApplicationShutdown {
  private readonly controller = new AbortController();
  private readonly adapters: ReadonlyMap<BankChannel, BankAdapter>;

  constructor(@Inject(CONNECTORS_CONFIG) config: ConnectorsConfig, @Inject(CLOCK) clock: Clock) {
    this.adapters = new Map(
      BANK_CHANNELS.map((channel) => [
        channel,
        new BankAdapter({
          channel,
          baseUrl: config.bankBaseUrl,
          secrets: config.secrets[channel],
          timeoutMs: config.bankTimeoutMs,
          now: () => clock.now(),
          signal: this.controller.signal,
        }),
      ]),
    );
  }

  /** Undefined for a channel code no adapter speaks (routing's catalogue and ours disagree). */
  get(channel: string): BankAdapter | undefined {
    const parsed = BankChannelSchema.safeParse(channel);
    return parsed.success ? this.adapters.get(parsed.data) : undefined;
  }

  all(): BankAdapter[] {
    return [...this.adapters.values()];
  }

  onApplicationShutdown(): void {
    this.controller.abort();
  }
}
