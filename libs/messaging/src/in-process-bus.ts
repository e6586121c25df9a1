import { ConsumerGroup, Member } from './in-process/consumer-group';
import { partitionFor } from './in-process/partitioner';
import { TopicLog } from './in-process/topic-log';
import { deadLetterTopic, type MessageBus, type OutgoingMessage, type SubscribeOptions, type Subscription } from './port';

export interface InProcessBusOptions {
  /** Partitions per topic (default 4), so ordering bugs that Kafka would show show here too. */
  readonly partitions?: number;
}

/**
 * The embedded / development bus: Kafka's semantics (partitions by key, consumer groups with
 * committed offsets, retries, dead-letter topics) with every message kept in memory for the
 * life of the process. Nothing survives a restart, which is why production uses Kafka.
 */
export class InProcessBus implements MessageBus {
  private readonly topics = new Map<string, TopicLog>();
  private readonly groups = new Map<string, ConsumerGroup>();
  private readonly members = new Set<{ member: Member; group: ConsumerGroup }>();
  private readonly partitionCount: number;
  private closed = false;

  constructor(options: InProcessBusOptions = {}) {
    this.partitionCount = options.partitions ?? 4;
    if (!Number.isInteger(this.partitionCount) || this.partitionCount < 1) throw new Error('partitions must be a positive integer');
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    this.assertOpen();
    const log = this.log(topic);
    this.log(deadLetterTopic(topic));
    for (const m of messages) {
      log.append(partitionFor(m.key, this.partitionCount), { key: m.key, value: m.value, headers: { ...m.headers } });
    }
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
      log = new TopicLog(this.partitionCount);
      this.topics.set(topic, log);
    }
    return log;
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('InProcessBus is closed');
  }
}
