import { backoffMs, DLQ_HEADERS, type ConcurrencyOptions, type DeliveredMessage, type MessageHandler, type Message, type RetryPolicy, type SubscribeOptions } from './port';

/** What became of one message after its handler ran (possibly several times). */
export type HandlingOutcome =
  | { readonly kind: 'handled'; readonly attempts: number }
  | { readonly kind: 'dead-letter'; readonly attempts: number; readonly reason: string }
  /** The subscription stopped between attempts: not handled, not committed, delivered again later. */
  | { readonly kind: 'abandoned' };

/**
 * `PermanentError` is matched by name as well as by class: a handler bundled with another copy of
 * this module (or Jest's module registry) throws an instance of a different class object.
 */
export function isPermanent(error: unknown): boolean {
  return error instanceof Error && error.name === 'PermanentError';
}

function reasonOf(error: unknown): string {
  return error instanceof Error ? error.message || error.name : String(error);
}

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly signal: AbortSignal;
  /** Called between attempts, e.g. to keep a Kafka group session alive during long back-offs. */
  readonly between?: () => Promise<void>;
}

/**
 * Runs the handler until it succeeds, fails permanently or exhausts `maxAttempts`. Never throws:
 * the caller commits on 'handled' and 'dead-letter' (after publishing to the DLQ), so a poison
 * message costs at most the back-off time and never blocks its partition.
 */
export async function handleWithRetry(
  handler: MessageHandler,
  delivery: (attempt: number) => DeliveredMessage,
  ctx: RetryContext,
): Promise<HandlingOutcome> {
  const max = Math.max(1, ctx.policy.maxAttempts);
  for (let attempt = 1; ; attempt++) {
    try {
      await handler(delivery(attempt));
      return { kind: 'handled', attempts: attempt };
    } catch (error) {
      if (isPermanent(error) || attempt >= max) return { kind: 'dead-letter', attempts: attempt, reason: reasonOf(error) };
    }
    if (!(await sleep(backoffMs(ctx.policy, attempt), ctx.signal))) return { kind: 'abandoned' };
    await ctx.between?.();
    if (ctx.signal.aborted) return { kind: 'abandoned' };
  }
}

/**
 * A message as each attempt delivers it. Built field by field: an object spread here was the
 * in-process bus's largest cost (tools/bench/bus-cost.ts; figures in docs/benchmarks.md).
 * The headers are the message's own, not copied (the in-process bus freezes them at publish; they
 * are read-only to handlers). The first attempt's message is made once: handling a run asks for
 * it twice (its ordering key, then the handler).
 */
export function delivering(topic: string, message: Omit<Message, 'topic'>, partition: number, offset: string): (attempt: number) => DeliveredMessage {
  let first: DeliveredMessage | undefined;
  return (attempt) => {
    if (attempt === 1 && first) return first;
    const delivered: DeliveredMessage = message.decoded
      ? { topic, key: message.key, value: message.value, headers: message.headers, decoded: message.decoded, partition, offset, attempt }
      : { topic, key: message.key, value: message.value, headers: message.headers, partition, offset, attempt };
    if (attempt === 1) first = delivered;
    return delivered;
  };
}

/**
 * How many consecutive messages of a partition make one run (handled, then committed together):
 * a batch handler's size; with concurrency, enough to keep its slots busy; else `single`.
 */
export function runLength(options: Pick<SubscribeOptions, 'batch' | 'concurrency'>, single: number): number {
  if (options.batch) return Math.max(1, options.batch.maxMessages);
  if (options.concurrency) return Math.max(single, options.concurrency.maxInFlight * 4);
  return Math.max(1, single);
}

/**
 * A run of consecutive messages of one partition, in offset order: with a batch handler, all of them
 * in one call first; without one, or if that call throws, one by one through `handleWithRetry`.
 * Returns one outcome per message handled, in order; it stops early (the rest unhandled, not to be
 * committed) at an abandoned message or when `keepGoing` says no between messages.
 */
export async function handleRun(
  options: Pick<SubscribeOptions, 'handler' | 'batch' | 'concurrency'>,
  run: readonly ((attempt: number) => DeliveredMessage)[],
  ctx: RetryContext & { readonly keepGoing?: () => boolean },
): Promise<HandlingOutcome[]> {
  if (options.concurrency && !options.batch) return handleRunByKey(options.handler, options.concurrency, run, ctx);
  if (options.batch && run.length > 0) {
    try {
      await options.batch.handler(run.map((delivery) => delivery(1)));
      return run.map(() => ({ kind: 'handled', attempts: 1 }));
    } catch {
      // One by one below: a transient failure is retried per message, a poison one dead-lettered alone.
    }
  }
  const outcomes: HandlingOutcome[] = [];
  for (const delivery of run) {
    if (ctx.signal.aborted || (ctx.keepGoing && !ctx.keepGoing())) break;
    const outcome = await handleWithRetry(options.handler, delivery, ctx);
    if (outcome.kind === 'abandoned') break;
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * A run handled side by side across ordering keys, in order within each, at most `maxInFlight`
 * handlers at once. Returns the outcomes of the longest handled prefix of the run: a message
 * handled after one that was not (the subscription stopped) is not committed, and comes again.
 */
async function handleRunByKey(
  handler: MessageHandler,
  concurrency: ConcurrencyOptions,
  run: readonly ((attempt: number) => DeliveredMessage)[],
  ctx: RetryContext & { readonly keepGoing?: () => boolean },
): Promise<HandlingOutcome[]> {
  const outcomes: (HandlingOutcome | undefined)[] = Array.from({ length: run.length });
  const keyOf = concurrency.orderingKey ?? ((m: DeliveredMessage) => m.key);
  const slots = new Slots(Math.max(1, concurrency.maxInFlight));
  const chains = new Map<string, Promise<void>>();
  // Keys with a message left unhandled: nothing later of the same key may be handled (order).
  const halted = new Set<string>();
  const stopped = () => ctx.signal.aborted || (ctx.keepGoing !== undefined && !ctx.keepGoing());
  run.forEach((delivery, i) => {
    const key = keyOf(delivery(1));
    const previous = chains.get(key) ?? Promise.resolve();
    chains.set(
      key,
      previous.then(async () => {
        if (halted.has(key)) return;
        await slots.acquire();
        try {
          const outcome = stopped() ? undefined : await handleWithRetry(handler, delivery, ctx);
          if (!outcome || outcome.kind === 'abandoned') halted.add(key);
          else outcomes[i] = outcome;
        } finally {
          slots.release();
        }
      }),
    );
  });
  await Promise.all(chains.values());
  const prefix: HandlingOutcome[] = [];
  for (const outcome of outcomes) {
    if (!outcome) break;
    prefix.push(outcome);
  }
  return prefix;
}

/** A counting semaphore. */
class Slots {
  private free: number;
  private readonly waiting: (() => void)[] = [];

  constructor(size: number) {
    this.free = size;
  }

  acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free += 1;
  }
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The dead-letter copy of a message: same key and value, original headers plus the DLQ_HEADERS. */
export function deadLetterHeaders(message: Message, outcome: { attempts: number; reason: string }): Record<string, string> {
  return {
    ...message.headers,
    [DLQ_HEADERS.reason]: outcome.reason,
    [DLQ_HEADERS.originalTopic]: message.topic,
    [DLQ_HEADERS.attempts]: String(outcome.attempts),
    [DLQ_HEADERS.failedAt]: new Date().toISOString(),
  };
}
