import type { RecordedEvent } from '@pl/event-store';

/**
 * Natural batching without a timer: the first event is published at once; while that publish is
 * in flight, the next events pile up and go together in the next batch (at most `maxBatch`).
 * Batches run strictly one after another, which keeps the global order and lets each batch's
 * checkpoint cover only events already acknowledged.
 */
export class BatchPublisher {
  private buffer: RecordedEvent[] = [];
  private flushing: Promise<void> | undefined;
  private failure: { error: unknown } | undefined;

  constructor(
    private readonly publishBatch: (batch: readonly RecordedEvent[]) => Promise<void>,
    private readonly maxBatch: number,
    private readonly onFailure: (error: unknown) => void,
  ) {}

  /** Queues an event; waits only when a full batch is already queued (back-pressure on the reader). */
  async add(event: RecordedEvent): Promise<void> {
    this.throwIfFailed();
    this.buffer.push(event);
    this.flushing ??= this.flush();
    if (this.buffer.length >= this.maxBatch) await this.flushing;
    this.throwIfFailed();
  }

  /** Waits until everything queued is published or the publisher has failed; never throws. */
  async settle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  throwIfFailed(): void {
    if (this.failure) throw this.failure.error;
  }

  private async flush(): Promise<void> {
    try {
      while (this.buffer.length > 0) {
        await this.publishBatch(this.buffer.splice(0, this.maxBatch));
      }
    } catch (error) {
      // Nothing after a failed batch may be published: its checkpoint would skip the failed events.
      this.failure = { error };
      this.buffer = [];
      this.onFailure(error);
    } finally {
      this.flushing = undefined;
    }
  }
}
