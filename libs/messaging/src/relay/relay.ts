import { START, type EventStore, type Position, type RecordedEvent } from '@pl/event-store';
import { sleep } from '../handle-with-retry';
import type { MessageBus } from '../port';
import { BatchPublisher } from './batch-publisher';
import type { CheckpointStore } from './checkpoint-store';
import { publishTraced } from './publish-traced';

export interface RelayOptions {
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly checkpoints: CheckpointStore;
  /** The checkpoint's name: one per relay deployment. */
  readonly name: string;
  /** Most events per publish and checkpoint (default 200). */
  readonly maxBatch?: number;
  /** First pause before following the log again after a failure; doubles up to 5 s (default 250). */
  readonly retryDelayMs?: number;
  readonly onError?: (error: unknown) => void;
}

export interface RelayStatus {
  readonly running: boolean;
  readonly published: number;
  readonly checkpoint?: Position;
  /** Set while the relay is recovering from a failure; cleared by the next successful batch. */
  readonly lastError?: string;
}

/**
 * The outbox relay: the event store is the outbox, and the relay alone carries its global log to
 * the bus. It publishes each committed event to its stream's topic, then checkpoints; a crash
 * between the two re-publishes from the last checkpoint (at-least-once, never a gap).
 */
export class Relay {
  private controller: AbortController | undefined;
  private loop: Promise<void> | undefined;
  private published = 0;
  private checkpoint: Position | undefined;
  private lastError: string | undefined;

  constructor(private readonly options: RelayOptions) {}

  start(): void {
    if (this.loop) return;
    const controller = new AbortController();
    this.controller = controller;
    this.loop = this.follow(controller.signal);
  }

  /** Aborts the subscription, lets the batch in flight finish (and checkpoint), waits for the loop. */
  async stop(): Promise<void> {
    this.controller?.abort();
    await this.loop;
    this.loop = this.controller = undefined;
  }

  status(): RelayStatus {
    return {
      running: this.loop !== undefined && !this.controller?.signal.aborted,
      published: this.published,
      ...(this.checkpoint ? { checkpoint: this.checkpoint } : {}),
      ...(this.lastError ? { lastError: this.lastError } : {}),
    };
  }

  private async follow(signal: AbortSignal): Promise<void> {
    const initialDelay = this.options.retryDelayMs ?? 250;
    let delay = initialDelay;
    while (!signal.aborted) {
      const publishedBefore = this.published;
      try {
        await this.followOnce(signal);
        // The subscription ended by itself (it should not): pause, so this cannot become a busy loop.
        await sleep(initialDelay, signal);
      } catch (error) {
        if (signal.aborted) break;
        // Back off harder only while stuck; a run that made progress earns a fresh start.
        if (this.published > publishedBefore) delay = initialDelay;
        this.lastError = error instanceof Error ? error.message : String(error);
        this.options.onError?.(error);
        // Start over from the durable checkpoint: whatever was not acknowledged is published again.
        await sleep(delay, signal);
        delay = Math.min(delay * 2, 5_000);
      }
    }
  }

  /** One subscription from the checkpoint until it ends, is aborted or a publish fails. */
  private async followOnce(outer: AbortSignal): Promise<void> {
    const { store, checkpoints, name } = this.options;
    const after = (await checkpoints.load(name)) ?? START;
    this.checkpoint ??= after === START ? undefined : after;
    const inner = new AbortController();
    const abortInner = () => inner.abort();
    outer.addEventListener('abort', abortInner, { once: true });
    // stop() may have come while the checkpoint was loading: a listener added now would never fire.
    if (outer.aborted) abortInner();
    const publisher = new BatchPublisher((batch) => this.publish(batch), this.options.maxBatch ?? 200, abortInner);
    try {
      for await (const event of store.subscribeToAll({ after, signal: inner.signal })) {
        await publisher.add(event);
      }
    } finally {
      // Never start a new subscription while the old one's batch is still being published.
      await publisher.settle();
      outer.removeEventListener('abort', abortInner);
    }
    publisher.throwIfFailed();
  }

  private async publish(batch: readonly RecordedEvent[]): Promise<void> {
    const last = batch[batch.length - 1];
    if (!last) return;
    await publishTraced(this.options.bus, batch);
    await this.options.checkpoints.save(this.options.name, last.position);
    this.published += batch.length;
    this.checkpoint = last.position;
    this.lastError = undefined;
  }
}
