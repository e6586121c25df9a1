import { ConsumerGroup, Member } from './in-process/consumer-group';
import { partitionFor } from './in-process/partitioner';
import { DEFAULT_RETENTION, TopicLog, type RetentionOptions } from './in-process/topic-log';
import { deadLetterTopic, type MessageBus, type OutgoingMessage, type SubscribeOptions, type Subscription } from './port';

/** A snapshot of the bus's partition ends (see InProcessBus.mark). */
export type BusMark = ReadonlyMap<TopicLog, readonly number[]>;

export interface InProcessBusOptions {
  /** Partitions per topic (default 4), so ordering bugs that Kafka would show show here too. */
  readonly partitions?: number;
  /** What is kept in memory once handled (topic-log.ts); the default keeps 10,000 per partition. */
  readonly retention?: RetentionOptions;
}

/**
 * The embedded / development bus: Kafka's semantics (partitions by key, consumer groups with
 * committed offsets, retries, dead-letter topics), held in memory: a message stays until every
 * group reading its topic has handled it and it is no longer among its partition's newest
 * (retention, topic-log.ts), so memory stays bounded while consumers keep up. Nothing survives a
 * restart, which is why production uses Kafka.
 */
export class InProcessBus implements MessageBus {
  private readonly topics = new Map<string, TopicLog>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly members = new Set<{ member: Member; group: ConsumerGroup }>();
  private readonly partitionCount: number;
  private readonly retention: RetentionOptions;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.partitionCount = options.partitions ?? 4;
    this.retention = options.retention ?? DEFAULT_RETENTION;
    if (!Number.isInteger(this.partitionCount) || this.partitionCount < 1) throw new Error('partitions must be a positive integer');
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const log = this.log(topic);
    this.log(deadLetterTopic(topic));
    const touched = new Set<number>();
    for (const m of messages) {
      const partition = partitionFor(m.key, this.partitionCount);
      // A copy, frozen: every group's delivery of it shares these headers (consumer-group.ts), and
      // what the first group to parse it made of it (fromBusMessage).
      log.append(partition, { key: m.key, value: m.value, headers: Object.freeze({ ...m.headers }), decoded: {} });
      touched.add(partition);
    }
    for (const partition of touched) log.trim(partition);
    if (messages.length > 0) log.notify();
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    this.assertOpen();
    if (options.topics.length === 0) throw new Error('subscribe: at least one topic');
    let group = this.groups.get(options.groupId);
    if (!group) {
      group = new ConsumerGroup((t) => this.log(t));
      this.groups.set(options.groupId, group);
    }
    const member = new Member(
      new Set(options.topics),
      options.handler,
      options.retry,
      options.fromBeginning ?? true,
      (topic, message) => this.publish(deadLetterTopic(topic), [message]),
      options.batch,
      options.concurrency,
    );
    const entry = { member, group };
    this.members.add(entry);
    group.join(member);
    let stopped: Promise<void> | undefined;
    return {
      stop: () => (stopped ??= this.leave(entry)),
    };
  }

  /** Where every partition of every topic ends now; `handled(mark)` says when consumers got that far. */
  mark(): BusMark {
    return new Map([...this.topics.values()].map((log) => [log, log.partitions.map((p) => p.end)]));
  }

  /**
   * True once every consumer group reading a topic has handled (or dead-lettered) every message
   * published to it before `mark` was taken. Nothing else makes a message safe in this bus: it
   * dies with the process, so whatever feeds it must not forget what has not been handled yet.
   */
  handled(mark: BusMark): boolean {
    for (const [log, ends] of mark) {
      if (ends.some((end, partition) => log.handledUpTo(partition) < end)) return false;
    }
    return true;
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.members].map((entry) => this.leave(entry)));
  }

  private async leave(entry: { member: Member; group: ConsumerGroup }): Promise<void> {
    if (!this.members.delete(entry)) return;
    entry.member.controller.abort();
    entry.group.leave(entry.member);
    await entry.member.drain();
  }

  private log(topic: string): TopicLog {
    let log = this.topics.get(topic);
    if (!log) {
      log = new TopicLog(topic, this.partitionCount, this.retention);
      this.topics.set(topic, log);
    }
    return log;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InProcessBus is closed');
  }
}
