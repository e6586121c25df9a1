import { deadLetterHeaders, delivering, handleRun, runLength, type HandlingOutcome } from '../handle-with-retry';
import { DEFAULT_RETRY, type BatchOptions, type ConcurrencyOptions, type MessageHandler, type OutgoingMessage, type RetryPolicy } from '../port';
import type { StoredMessage, TopicLog, TopicReader } from './topic-log';

/** One subscriber of a group. It owns some of the group's partitions and runs their handler. */
export class Member {
  readonly controller = new AbortController();
  private readonly inFlight = new Set<Promise<HandlingOutcome[]>>();

  constructor(
    readonly topics: ReadonlySet<string>,
    private readonly handler: MessageHandler,
    private readonly retry: RetryPolicy = DEFAULT_RETRY,
    readonly fromBeginning: boolean,
    private readonly deadLetter: (topic: string, message: OutgoingMessage) => Promise<void>,
    private readonly batch?: BatchOptions,
    private readonly concurrency?: ConcurrencyOptions,
  ) {}

  /** How many waiting messages of a partition one call to `process` takes. */
  get runLength(): number {
    return runLength({ batch: this.batch, concurrency: this.concurrency }, 1);
  }

  /** Consecutive messages from `offset` on; resolves with the outcome of each one handled, in order. */
  process(topic: string, partition: number, offset: number, messages: readonly StoredMessage[]): Promise<HandlingOutcome[]> {
    const run = (async (): Promise<HandlingOutcome[]> => {
      const deliveries = messages.map((message, i) => delivering(topic, message, partition, String(offset + i)));
      const outcomes = await handleRun({ handler: this.handler, batch: this.batch, concurrency: this.concurrency }, deliveries, {
        policy: this.retry,
        signal: this.controller.signal,
      });
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.kind !== 'dead-letter') continue;
        const message = messages[i]!;
        await this.deadLetter(topic, { key: message.key, value: message.value, headers: deadLetterHeaders({ ...message, topic }, outcome) });
      }
      return outcomes;
    })();
    this.inFlight.add(run);
    void run.finally(() => this.inFlight.delete(run));
    return run;
  }

  /** Waits for handlers already running; with the signal aborted, no back-off starts another attempt. */
  async drain(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }
}

/**
 * A consumer group: committed offsets that outlive its members, and one sequential worker per
 * (topic, partition) so a partition is never handled by two members at once, even mid-rebalance.
 * As a reader of its topics it keeps what it has not handled from the topic log's retention.
 */
export class ConsumerGroup implements TopicReader {
  private readonly committed = new Map<string, number>();
  /** Where each partition's worker reads now: its committed offset, or where it started. */
  private readonly reading = new Map<string, number>();
  private readonly workers = new Set<string>();
  private members: Member[] = [];

  constructor(private readonly log: (topic: string) => TopicLog) {}

  join(member: Member): void {
    this.members.push(member);
    for (const topic of member.topics) {
      const log = this.log(topic);
      log.addReader(this);
      log.partitions.forEach((_, partition) => this.ensureWorker(topic, partition, log));
      log.notify();
    }
  }

  leave(member: Member): void {
    this.members = this.members.filter((m) => m !== member);
    for (const topic of member.topics) this.log(topic).notify();
  }

  floor(topic: string, partition: number): number {
    // A partition whose worker has not started yet pins the whole log (offset 0 is below any start).
    return this.reading.get(partitionKey(topic, partition)) ?? 0;
  }

  /** Round-robin over the members subscribed to the topic, in join order. */
  private ownerOf(topic: string, partition: number): Member | undefined {
    const candidates = this.members.filter((m) => m.topics.has(topic));
    return candidates[partition % Math.max(1, candidates.length)];
  }

  private ensureWorker(topic: string, partition: number, log: TopicLog): void {
    const key = partitionKey(topic, partition);
    if (this.workers.has(key)) return;
    this.workers.add(key);
    void this.work(key, topic, partition, log);
  }

  private async work(key: string, topic: string, partition: number, log: TopicLog): Promise<void> {
    let position = this.committed.get(key);
    for (;;) {
      const owner = this.ownerOf(topic, partition);
      if (!owner) {
        this.workers.delete(key);
        return;
      }
      // Like auto.offset.reset: without a committed offset start at the beginning or at the end.
      // A position below the log start (retention dropped those messages) moves up to it, like
      // Kafka's reset to the earliest offset.
      const stored = log.partitions[partition]!;
      position = Math.max(position ?? (owner.fromBeginning ? 0 : stored.end), stored.start);
      this.reading.set(key, position);
      const messages = stored.slice(position, position + owner.runLength);
      if (messages.length === 0) {
        await log.changed(owner.controller.signal);
        continue;
      }
      // What was not handled (the member stopped) is not committed: the next owner gets it again.
      const outcomes = await owner.process(topic, partition, position, messages);
      position += outcomes.length;
      this.committed.set(key, position);
      this.reading.set(key, position);
      log.trim(partition);
    }
  }
}

/** One (topic, partition) as a map key. */
const partitionKey = (topic: string, partition: number): string => `${topic}\u0000${partition}`;
