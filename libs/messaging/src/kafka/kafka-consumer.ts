import type { Consumer, EachMessagePayload } from 'kafkajs';
import { deadLetterHeaders, handleWithRetry, sleep } from '../handle-with-retry';
import { DEFAULT_RETRY, deadLetterTopic, type OutgoingMessage, type SubscribeOptions, type Subscription } from '../port';
import { headersFromKafka } from './kafka-headers';

export interface ConsumerRunOptions {
  readonly consumer: Consumer;
  readonly subscribe: SubscribeOptions;
  readonly publish: (topic: string, messages: readonly OutgoingMessage[]) => Promise<void>;
  readonly joinTimeoutMs: number;
  readonly partitionsConsumedConcurrently: number;
}

/**
 * Runs one group member. Offsets are committed by hand (offset + 1) only after the handler
 * succeeded or the message was dead-lettered, so a crash at any point redelivers, never skips.
 * Retries happen here, with the port's back-off, instead of in kafkajs: its restart-on-error would
 * re-run the handler without bound and hold up the whole partition behind one poison message.
 */
export async function runConsumer(o: ConsumerRunOptions): Promise<Subscription> {
  const { consumer, subscribe } = o;
  const stopping = new AbortController();
  const joined = waitForJoin(consumer, o.joinTimeoutMs);
  await consumer.connect();
  await consumer.subscribe({ topics: [...subscribe.topics], fromBeginning: subscribe.fromBeginning ?? true });

  const inFlight = new Set<Promise<void>>();
  // Set when a commit finds this member no longer in the group (its session expired while a handler
  // ran, or a rebalance moved the partition): what is left of the fetched batch belongs to the
  // partitions' new owners. Cleared when this member has joined again.
  let fenced = false;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    fenced = false;
  });
  const eachMessage = (payload: EachMessagePayload): Promise<void> => {
    // Stopping (or fenced): leave the rest of the fetched batch uncommitted; the owner gets it again.
    if (stopping.signal.aborted || fenced) return Promise.resolve();
    const run = handle(payload);
    inFlight.add(run);
    return run.finally(() => inFlight.delete(run));
  };
  const handle = async (payload: EachMessagePayload): Promise<void> => {
    const { topic, partition, message } = payload;
    const heartbeat = () => payload.heartbeat();
    const base = { topic, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers: headersFromKafka(message.headers) };
    const outcome = await handleWithRetry(subscribe.handler, (attempt) => ({ ...base, partition, offset: message.offset, attempt }), {
      policy: subscribe.retry ?? DEFAULT_RETRY,
      signal: stopping.signal,
      // A long back-off must not cost the group session (and trigger a rebalance).
      between: () => heartbeat().catch(() => undefined),
    });
    if (outcome.kind === 'abandoned') return;
    if (outcome.kind === 'dead-letter') {
      await o.publish(deadLetterTopic(topic), [{ key: base.key, value: base.value, headers: deadLetterHeaders(base, outcome) }]);
    }
    try {
      await consumer.commitOffsets([{ topic, partition, offset: (BigInt(message.offset) + 1n).toString() }]);
    } catch (error) {
      if (!lostMembership(error)) throw error;
      // Handled but not committed: the partition's owner gets the message again (at-least-once,
      // handlers are idempotent). Thrown on, this error would crash the consumer for good: kafkajs
      // wraps it as non-retriable and does not restart.
      fenced = true;
    }
  };

  const runConfig = { autoCommit: false, partitionsConsumedConcurrently: o.partitionsConsumedConcurrently, eachMessage };
  await consumer.run(runConfig);
  // kafkajs restarts a consumer after a retriable crash only; after any other it has disconnected
  // and stays stopped while the process runs on, its partitions consumed by nobody. Start it again.
  consumer.on(consumer.events.CRASH, (event) => {
    if (event.payload.restart || stopping.signal.aborted) return;
    void (async () => {
      for (let attempt = 1; !stopping.signal.aborted; attempt += 1) {
        if (!(await sleep(Math.min(5_000, 500 * attempt), stopping.signal))) return;
        try {
          await consumer.connect();
          await consumer.run(runConfig);
          return;
        } catch {
          await consumer.disconnect().catch(() => undefined);
        }
      }
    })();
  });
  try {
    await joined;
  } catch (error) {
    await consumer.disconnect().catch(() => undefined);
    throw error;
  }
  let stopped: Promise<void> | undefined;
  return {
    stop: () =>
      (stopped ??= (async () => {
        stopping.abort();
        // Drain before disconnecting: once kafkajs is stopping it silently drops commits, and a
        // handled message would come back to the next member.
        await Promise.allSettled([...inFlight]);
        await consumer.disconnect();
      })()),
  };
}

/** Subscribing resolves once the member has partitions, so a publish right after it is not missed. */
function waitForJoin(consumer: Consumer, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`consumer did not join its group within ${timeoutMs} ms`)), timeoutMs);
    const offJoin = consumer.on(consumer.events.GROUP_JOIN, () => done());
    const offCrash = consumer.on(consumer.events.CRASH, (event) => {
      if (!event.payload.restart) done(event.payload.error);
    });
    function done(error?: Error): void {
      clearTimeout(timer);
      offJoin();
      offCrash();
      if (error) reject(error);
      else resolve();
    }
  });
}

/** Kafka's answers that mean "you are not (or no longer) the member that owns this": not the handler's failure. */
const MEMBERSHIP_ERRORS = new Set(['UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION', 'REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR', 'NOT_COORDINATOR_FOR_GROUP']);

/** kafkajs wraps the broker's error (KafkaJSNonRetriableError around the protocol error): look down the causes. */
function lostMembership(error: unknown): boolean {
  for (let e = error as { type?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth += 1) {
    if (typeof e.type === 'string' && MEMBERSHIP_ERRORS.has(e.type)) return true;
  }
  return false;
}
