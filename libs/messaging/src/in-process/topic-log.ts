import type { Message } from '../port';

export type StoredMessage = Omit<Message, 'topic'>;

/** Where a reader of a topic (a consumer group) stands in one partition: below it, it needs nothing. */
export interface TopicReader {
  /** The lowest offset of the partition this reader may still read (committed or about to be read). */
  floor(topic: string, partition: number): number;
}

/**
 * One partition: the messages from `start` (the log start offset) to `end`. Offsets never change;
 * what is trimmed is gone, like a Kafka segment deleted by retention.
 */
export class Partition {
  private messages: StoredMessage[] = [];
  private startOffset = 0;

  get start(): number {
    return this.startOffset;
  }

  get end(): number {
    return this.startOffset + this.messages.length;
  }

  get retained(): number {
    return this.messages.length;
  }

  push(message: StoredMessage): void {
    this.messages.push(message);
  }

  /** The messages at offsets [from, to) that are still held; `from` must be ≥ start. */
  slice(from: number, to: number): StoredMessage[] {
    return this.messages.slice(from - this.startOffset, to - this.startOffset);
  }

  /** Drops every message below `offset`. */
  trimTo(offset: number): void {
    const count = Math.min(offset, this.end) - this.startOffset;
    if (count <= 0) return;
    this.messages = this.messages.slice(count);
    this.startOffset += count;
  }
}

/**
 * Retention, so that a process running the in-process bus for days holds a bounded number of
 * messages: a message is dropped once every consumer group that reads the topic has moved past it
 * AND it is not among the partition's last `retain` messages (kept for groups that join later,
 * as Kafka's time-based retention keeps them). A message some group has not yet handled is never
 * dropped, however many pile up: the in-process bus loses nothing a known reader still needs.
 */
export interface RetentionOptions {
  /** Messages kept per partition even when every reader has handled them. */
  readonly retain: number;
  /** Trimming waits until this many messages can go at once (it copies what stays). */
  readonly trimEvery: number;
}

export const DEFAULT_RETENTION: RetentionOptions = { retain: 10_000, trimEvery: 1_000 };

/** One topic's partitions, append-only, with a way to wait for the next change. */
export class TopicLog {
  readonly partitions: Partition[];
  private waiters = new Set<() => void>();
  private readonly readers = new Set<TopicReader>();

  constructor(
    readonly topic: string,
    partitionCount: number,
    private readonly retention: RetentionOptions = DEFAULT_RETENTION,
  ) {
    this.partitions = Array.from({ length: partitionCount }, () => new Partition());
  }

  append(partition: number, message: StoredMessage): void {
    this.partitions[partition]?.push(message);
  }

  /** A consumer group that reads this topic; it pins what it has not handled for as long as the log lives. */
  addReader(reader: TopicReader): void {
    this.readers.add(reader);
  }

  /** The offset below which every reader of the topic has handled the partition (its end if none reads it). */
  handledUpTo(partition: number): number {
    let upTo = this.partitions[partition]?.end ?? 0;
    for (const reader of this.readers) upTo = Math.min(upTo, reader.floor(this.topic, partition));
    return upTo;
  }

  /** Drops what retention allows in one partition (called after appends and after commits). */
  trim(partition: number): void {
    const log = this.partitions[partition];
    if (!log || log.retained - this.retention.retain < this.retention.trimEvery) return;
    const upTo = Math.min(log.end - this.retention.retain, this.handledUpTo(partition));
    if (upTo - log.start >= this.retention.trimEvery) log.trimTo(upTo);
  }

  /** Wakes every waiter: a new message, or a membership change that may move partitions. */
  notify(): void {
    const waiting = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiting) wake();
  }

  /** Resolves on the next `notify()` or when `signal` aborts. */
  changed(signal: AbortSignal): Promise<void> {
    if (signal.aborted) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = () => {
        signal.removeEventListener('abort', wake);
        this.waiters.delete(wake);
        resolve();
      };
      this.waiters.add(wake);
      signal.addEventListener('abort', wake, { once: true });
    });
  }
}
