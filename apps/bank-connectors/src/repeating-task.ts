import type { Logger } from '@nestjs/common';

/**
 * Runs `work` every `intervalMs`, never overlapping: the next round starts an interval after the last
 * one ended. A failed round is logged and the schedule goes on; `stop()` waits for a running round.
 */
export class RepeatingTask {
  private timer: NodeJS.Timeout | undefined;
  private round: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly what: string,
    private readonly intervalMs: number,
    private readonly work: () => Promise<void>,
    private readonly logger: Logger,
  ) {}

  get running(): boolean {
    return !this.stopped;
  }

  start(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.round = this.work()
        .catch((error: unknown) => this.logger.error(`${this.what} failed: ${error instanceof Error ? error.message : String(error)}`))
        .finally(() => this.start());
    }, this.intervalMs);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.round;
  }
}
