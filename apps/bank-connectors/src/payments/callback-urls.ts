import { Inject, Injectable } from '@nestjs/common';
import { CONNECTORS_CONFIG, type ConnectorsConfig } from '../config';

/**
 * Where banks post callbacks: the configured base URL, or this service's own URL, which is only known
 * once it listens (port 0 in tests and in the embedded platform). Submissions wait for it.
 */
@Injectable()
export class CallbackUrls {
  private resolveBase!: (base: string) => void;
  private readonly base: Promise<string>;

  constructor(@Inject(CONNECTORS_CONFIG) config: ConnectorsConfig) {
    this.base = new Promise((resolve) => {
      this.resolveBase = resolve;
    });
    if (config.callbackBaseUrl) this.resolveBase(config.callbackBaseUrl);
  }

  /** Called by start() with the app's URL; ignored when a base URL was configured. */
  listeningAt(url: string): void {
    this.resolveBase(url.replace(/\/+$/, ''));
  }

  async forChannel(channel: string): Promise<string> {
    return `${await this.base}/callbacks/${channel}`;
  }

  async forRefunds(channel: string): Promise<string> {
    return `${await this.forChannel(channel)}/refunds`;
  }
}
