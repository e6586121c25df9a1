import { Kafka, Partitioners, type Admin, type Producer } from 'kafkajs';
import { deadLetterTopic, type MessageBus, type OutgoingMessage, type SubscribeOptions, type Subscription } from '../port';
import { runConsumer } from './kafka-consumer';
import { logLevel, stderrErrorsOnly } from './kafka-logging';

export interface KafkaBusOptions {
  readonly brokers: readonly string[];
  readonly clientId: string;
  /** Partitions of topics this bus creates (default 4). */
  readonly partitions?: number;
  readonly replicationFactor?: number;
  /** How long a fetch may wait for new data; lower means less latency and more requests (default 500). */
  readonly maxWaitTimeInMs?: number;
  readonly joinTimeoutMs?: number;
  /**
   * How long the broker waits for a silent group member before rebalancing its partitions to the
   * others (kafkajs default 30 s): after a crash, that member's partitions wait this long.
   * Heartbeats go every tenth of it.
   */
  readonly sessionTimeoutMs?: number;
  /**
   * Prefixed to every topic and consumer group this bus touches (e.g. "staging."), so several
   * deployments (or test runs) can share one cluster without reading each other's messages.
   * Handlers still see the plain topic names.
   */
  readonly namespace?: string;
}

/** The Kafka adapter: idempotent producer with acks=all, manual commits, in-process retries, DLQs. */
export class KafkaBus implements MessageBus {
  private readonly kafka: Kafka;
  private producer?: Promise<Producer>;
  private admin?: Promise<Admin>;
  private readonly knownTopics = new Set<string>();
  private readonly subscriptions = new Set<Subscription>();

  constructor(private readonly options: KafkaBusOptions) {
    if (options.brokers.length === 0) throw new Error('KafkaBus: no brokers');
    this.kafka = new Kafka({
      clientId: options.clientId,
      brokers: [...options.brokers],
      logLevel: logLevel.ERROR,
      logCreator: stderrErrorsOnly,
    });
  }

  async publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    await this.publishRaw(this.named(topic), messages);
  }

  private named(topic: string): string {
    return `${this.options.namespace ?? ''}${topic}`;
  }

  /** Publishes to a topic name as it is on the cluster (already namespaced). */
  private async publishRaw(topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
    if (messages.length === 0) return;
    await this.ensureTopics([topic]);
    const producer = await this.connectedProducer();
    await producer.send({
      topic,
      acks: -1,
      messages: messages.map((m) => ({ key: m.key, value: m.value, headers: { ...m.headers } })),
    });
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    if (options.topics.length === 0) throw new Error('subscribe: at least one topic');
    const namespace = this.options.namespace ?? '';
    const topics = options.topics.map((t) => this.named(t));
    let running: Subscription | undefined;
    // Services starting together create the same topics at the same moment; until the broker has
    // settled them, metadata answers UNKNOWN_TOPIC_OR_PARTITION (retriable): try again, a few times.
    for (let attempt = 1; running === undefined; attempt += 1) {
      const consumer = this.kafka.consumer({
        groupId: `${namespace}${options.groupId}`,
        maxWaitTimeInMs: this.options.maxWaitTimeInMs ?? 500,
        allowAutoTopicCreation: false,
        ...(this.options.sessionTimeoutMs ? { sessionTimeout: this.options.sessionTimeoutMs, heartbeatInterval: Math.max(500, Math.floor(this.options.sessionTimeoutMs / 10)) } : {}),
      });
      try {
        // The topics must exist before the group joins, or the first assignment has no partitions.
        await this.ensureTopics(topics);
        // A group that assigns partitions before the topics' metadata is complete can end up with
        // none of them until the next metadata refresh (minutes): join only once leaders exist.
        await waitForLeaders(await this.connectedAdmin(), topics);
        running = await runConsumer({
          consumer,
          subscribe: {
            ...options,
            topics,
            handler: (message) => options.handler(namespace ? { ...message, topic: message.topic.slice(namespace.length) } : message),
          },
          // Dead letters go next to the namespaced topic they came from.
          publish: (topic, messages) => this.publishRaw(topic, messages),
          joinTimeoutMs: this.options.joinTimeoutMs ?? 30_000,
          // One handler at a time per partition (order), partitions side by side (a slow one holds up no other).
          partitionsConsumedConcurrently: this.options.partitions ?? 4,
        });
      } catch (error) {
        await consumer.disconnect().catch(() => undefined);
        if (!isRetriable(error) || attempt >= SUBSCRIBE_ATTEMPTS) throw error;
        for (const t of topics) this.knownTopics.delete(t);
        await new Promise((r) => setTimeout(r, 250 * attempt));
      }
    }
    const started = running;
    const subscription: Subscription = {
      stop: async () => {
        this.subscriptions.delete(subscription);
        await started.stop();
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Creates the given topics (and their dead-letter topics) up front and waits until every partition
   * has a leader: the deploy step before services start, so none of them races to create them.
   */
  async prepareTopics(topics: readonly string[]): Promise<void> {
    const named = topics.map((t) => this.named(t));
    await this.ensureTopics(named);
    await waitForLeaders(await this.connectedAdmin(), named.flatMap((t) => [t, deadLetterTopic(t)]));
  }

  async ping(): Promise<void> {
    await (await this.connectedAdmin()).describeCluster();
  }

  async close(): Promise<void> {
    await Promise.allSettled([...this.subscriptions].map((s) => s.stop()));
    const [producer, admin] = [this.producer, this.admin];
    this.producer = this.admin = undefined;
    await Promise.allSettled([producer?.then((p) => p.disconnect()), admin?.then((a) => a.disconnect())]);
  }

  /** Creates each topic and its dead-letter topic once; topics that already exist are fine. */
  private async ensureTopics(topics: readonly string[]): Promise<void> {
    const missing = [...new Set(topics.flatMap((t) => [t, deadLetterTopic(t)]))].filter((t) => !this.knownTopics.has(t));
    if (missing.length === 0) return;
    const admin = await this.connectedAdmin();
    try {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((topic) => ({
          topic,
          numPartitions: this.options.partitions ?? 4,
          replicationFactor: this.options.replicationFactor ?? 1,
        })),
      });
    } catch (error) {
      // Another process may have created some of them at the same moment; only a real gap is an error.
      const existing = new Set(await admin.listTopics());
      if (missing.some((t) => !existing.has(t))) throw error;
      // Created by the other process, perhaps without leaders yet: a consumer joining now would fail
      // with UNKNOWN_TOPIC_OR_PARTITION, so wait until every partition has one.
      await waitForLeaders(admin, missing);
    }
    for (const t of missing) this.knownTopics.add(t);
  }

  private connectedProducer(): Promise<Producer> {
    this.producer ??= connect(
      this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner }),
      () => (this.producer = undefined),
    );
    return this.producer;
  }

  private connectedAdmin(): Promise<Admin> {
    this.admin ??= connect(this.kafka.admin(), () => (this.admin = undefined));
    return this.admin;
  }
}

const SUBSCRIBE_ATTEMPTS = 8;

const isRetriable = (error: unknown): boolean =>
  typeof error === 'object' && error !== null && ((error as { retriable?: unknown }).retriable === true || (error as { name?: unknown }).name === 'KafkaJSNumberOfRetriesExceeded');

async function waitForLeaders(admin: Admin, topics: readonly string[], timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const { topics: metadata } = await admin.fetchTopicMetadata({ topics: [...topics] });
      const ready = metadata.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0));
      if (ready) return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    if (Date.now() > deadline) throw new Error(`topics ${topics.join(', ')} have no partition leaders after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Connects once; a failed connection is forgotten so the next call tries again. */
async function connect<T extends { connect(): Promise<void> }>(client: T, forget: () => void): Promise<T> {
  try {
    await client.connect();
    return client;
  } catch (error) {
    forget();
    throw error;
  }
}
