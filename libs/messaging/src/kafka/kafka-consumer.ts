import type { Consumer, EachBatchPayload } from 'kafkajs';
import { deadLetterHeaders, delivering, handleRun, runLength, sleep } from '../handle-with-retry';
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
 * Messages handled one by one (no batch handler) between two offset commits, instead of a broker
 * round trip per message per group. A crash redelivers at most this many handled messages
 * (handlers are idempotent).
 */
const SINGLE_RUN = 16;

/**
 * Runs one group member. Offsets are committed by hand (offset + 1) only after the handler
 * succeeded or the message was dead-lettered, one commit per run of messages (a batch handler's
 * call, or up to SINGLE_RUN messages handled one by one), so a crash at any point redelivers,
 * never skips.
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
  const eachBatch = (payload: EachBatchPayload): Promise<void> => {
    const run = handleBatch(payload);
    inFlight.add(run);
    return run.finally(() => inFlight.delete(run));
  };
  // Stopping, fenced, or the partition taken away: leave the rest of the fetched batch uncommitted;
  // its owner gets it again.
  const keepGoing = (payload: EachBatchPayload) => !stopping.signal.aborted && !fenced && payload.isRunning() && !payload.isStale();
  const handleBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { topic, partition, messages } = payload.batch;
    // A heartbeat refused because the group is rebalancing: stop at the next message and let it rejoin.
    const heartbeat = () =>
      payload.heartbeat().catch((error: unknown) => {
        if (lostMembership(error)) fenced = true;
      });
    const length = runLength(subscribe, SINGLE_RUN);
    for (let start = 0; start < messages.length && keepGoing(payload); start += length) {
      const run = messages.slice(start, start + length);
      const bases = run.map((message) => ({ topic, key: message.key?.toString() ?? '', value: message.value?.toString() ?? '', headers: headersFromKafka(message.headers) }));
      const outcomes = await handleRun(
        subscribe,
        run.map((message, i) => delivering(topic, bases[i]!, partition, message.offset)),
        // A long back-off must not cost the group session (and trigger a rebalance).
        { policy: subscribe.retry ?? DEFAULT_RETRY, signal: stopping.signal, between: heartbeat, keepGoing: () => keepGoing(payload) },
      );
      for (const [i, outcome] of outcomes.entries()) {
        if (outcome.kind !== 'dead-letter') continue;
        const base = bases[i]!;
        await o.publish(deadLetterTopic(topic), [{ key: base.key, value: base.value, headers: deadLetterHeaders(base, outcome) }]);
      }
      if (outcomes.length === 0) return;
      const last = run[outcomes.length - 1]!.offset;
      payload.resolveOffset(last);
      // One commit for the run's handled messages (at-least-once: a crash before it redelivers them).
      try {
        await consumer.commitOffsets([{ topic, partition, offset: (BigInt(last) + 1n).toString() }]);
      } catch (error) {
        if (!lostMembership(error)) throw error;
        // Handled but not committed: the partition's owner gets the messages again (at-least-once,
        // handlers are idempotent). Thrown on, this error would crash the consumer for good: kafkajs
        // wraps it as non-retriable and does not restart.
        fenced = true;
        return;
      }
      if (outcomes.length < run.length) return;
      await heartbeat();
    }
  };

  const runConfig = { autoCommit: false, eachBatchAutoResolve: false, partitionsConsumedConcurrently: o.partitionsConsumedConcurrently, eachBatch };
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
