import type { Position } from '@pl/event-store';
import type { CheckpointStore } from './checkpoint-store';

/** A bus that can say when its consumers have handled everything published before a mark. */
export interface HandledWatermark<Mark> {
  mark(): Mark;
  handled(mark: Mark): boolean;
}

const DEFAULT_INTERVAL_MS = 200;

/**
 * The relay's checkpoints for a bus that forgets with its process (the in-process bus): a position
 * is saved only once every consumer has handled the messages published up to it. With Kafka, a
 * published message is stored by the broker, so the relay may checkpoint as soon as it is
 * acknowledged; in memory, a message published but not yet handled when the process stops (or is
 * killed) would be lost, and a checkpoint past it would keep the relay from publishing it again.
 * Here the relay publishes it again after a restart instead, and consumers absorb the duplicate.
 *
 * `save` returns at once (the relay does not wait for consumers); positions wait in memory and are
 * written, the newest handled one of each name, every `intervalMs` and on `close`.
 */
export class CheckpointsAfterHandling<Mark> implements CheckpointStore {
  private readonly waiting: Array<{ name: string; position: Position; mark: Mark }> = [];
  private readonly timer: NodeJS.Timeout;
  private writing: Promise<void> | undefined;

  constructor(
    private readonly inner: CheckpointStore,
    private readonly bus: HandledWatermark<Mark>,
    intervalMs = DEFAULT_INTERVAL_MS,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.timer = setInterval(() => void this.flush().catch(this.onError), intervalMs);
    this.timer.unref();
  }

  load(name: string): Promise<Position | undefined> {
    return this.inner.load(name);
  }

  async save(name: string, position: Position): Promise<void> {
    this.waiting.push({ name, position, mark: this.bus.mark() });
  }

  /** Writes, for each name, the newest waiting position whose messages are all handled. */
  async flush(): Promise<void> {
    while (this.writing) await this.writing;
    const ready = new Map<string, Position>();
    // Marks only grow, so once one is handled every earlier one is too: the handled ones are a
    // prefix, found by bisection (while consumers lag, hundreds of marks wait, and each check reads
    // every partition of every topic).
    let handledCount = 0;
    let unhandledFrom = this.waiting.length;
    while (handledCount < unhandledFrom) {
      const middle = (handledCount + unhandledFrom) >>> 1;
      if (this.bus.handled(this.waiting[middle]!.mark)) handledCount = middle + 1;
      else unhandledFrom = middle;
    }
    for (const entry of this.waiting.splice(0, handledCount)) ready.set(entry.name, entry.position);
    if (ready.size === 0) return;
    this.writing = (async () => {
      for (const [name, position] of ready) await this.inner.save(name, position);
    })();
    try {
      await this.writing;
    } finally {
      this.writing = undefined;
    }
  }

  /** Stops the timer and writes what is handled by now; what is not stays for the relay to publish again. */
  async close(): Promise<void> {
    clearInterval(this.timer);
    await this.flush();
  }
}
