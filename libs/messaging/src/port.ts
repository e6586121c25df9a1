/**
 * The message bus port. Adapters: Kafka (kafkajs) and in-process. One contract suite
 * (`contract/bus.contract.ts`) proves both have the same semantics:
 * - at-least-once delivery; per-key order within a topic;
 * - a handler's message is acknowledged (offset committed) only after the handler resolves (commits
 *   may be coalesced: a crash can redeliver several handled messages, never skip one);
 * - a failing handler is retried with backoff up to `maxAttempts`; then the message goes to the
 *   topic's dead-letter topic (`<topic>.dlq`) with the failure reason, and consumption goes on:
 *   a poison message never blocks its partition;
 * - a `PermanentError` skips the retries and goes straight to the dead-letter topic.
 */

export interface Message {
  readonly topic: string;
  /** Partitioning key: the stream id for events, so one stream's messages keep their order. */
  readonly key: string;
  /** UTF-8 JSON text. */
  readonly value: string;
  readonly headers: Readonly<Record<string, string>>;
  /**
   * What consumers derived from `value`, shared by every group's delivery of this very message: the
   * in-process bus holds one message for all the groups of its process, so one parse does for all
   * (fromBusMessage). Kafka's consumers each read their own copy and leave it out.
   */
  readonly decoded?: Decoded;
}

/** Filled by the first consumer to parse a message; what is in it is frozen, since every group shares it. */
export interface Decoded {
  event?: unknown;
}

export interface OutgoingMessage {
  readonly key: string;
  readonly value: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface DeliveredMessage extends Message {
  /** Which delivery of this message this is, starting at 1 (redeliveries after a crash count anew). */
  readonly attempt: number;
  readonly partition: number;
  readonly offset: string;
}

export type MessageHandler = (message: DeliveredMessage) => Promise<void>;

/** Handles consecutive messages of one partition together, in offset order (e.g. in one transaction). */
export type BatchHandler = (messages: readonly DeliveredMessage[]) => Promise<void>;

export interface ConcurrencyOptions {
  readonly maxInFlight: number;
  readonly orderingKey?: (message: DeliveredMessage) => string;
}

/** What the services use: 32 payments at a time per partition, each payment's events in order. */
export const PER_STREAM_CONCURRENCY: ConcurrencyOptions = { maxInFlight: 32 };

export interface BatchOptions {
  readonly handler: BatchHandler;
  /** The most messages given to one call (at least 1). */
  readonly maxMessages: number;
}

export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 50, maxBackoffMs: 2_000 };

export interface SubscribeOptions {
  /** Consumer group: each group receives every message once (at least once); members share partitions. */
  readonly groupId: string;
  readonly topics: readonly string[];
  readonly handler: MessageHandler;
  /**
   * Optional: the messages waiting on a partition go to `batch.handler` together, up to
   * `maxMessages` at a time, and are committed together after it resolves. If it throws, the same
   * messages go to `handler` one by one, with the retries and dead-lettering of any message: a
   * poison message never takes its neighbours to the dead-letter topic. Their attempts count from 1
   * again (the batch's call is not counted).
   */
  readonly batch?: BatchOptions;
  /**
   * Optional: messages of one partition whose ordering keys differ are handled side by side, up to
   * `maxInFlight` at once; messages with the same ordering key still one after the other, in order.
   * The ordering key is the message key (the stream) unless `orderingKey` says otherwise (e.g. the
   * payer, for rules that compare one payer's requests). Offsets are committed only up to the first
   * message not yet handled. Not with `batch`.
   */
  readonly concurrency?: ConcurrencyOptions;
  readonly retry?: RetryPolicy;
  /** Start from the earliest retained message when the group has no committed offset. Default true. */
  readonly fromBeginning?: boolean;
}

export interface Subscription {
  /** Stops fetching, lets the in-flight handler finish and commits what has been handled. */
  stop(): Promise<void>;
}

export interface MessageBus {
  /** Resolves when the broker has durably accepted every message (acks = all). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Readiness: resolves when the broker answers. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Thrown by a handler when retrying cannot help (malformed message): straight to the dead-letter topic. */
export class PermanentError extends Error {
  override readonly name = 'PermanentError';
}

export const deadLetterTopic = (topic: string): string => `${topic}.dlq`;

/** Headers a dead-lettered message carries besides its original ones. */
export const DLQ_HEADERS = {
  reason: 'x-dlq-reason',
  originalTopic: 'x-dlq-original-topic',
  attempts: 'x-dlq-attempts',
  failedAt: 'x-dlq-failed-at',
} as const;

export function backoffMs(policy: RetryPolicy, attempt: number): number {
  const exp = policy.initialBackoffMs * 2 ** Math.max(0, attempt - 1);
  return Math.min(policy.maxBackoffMs, exp);
}
