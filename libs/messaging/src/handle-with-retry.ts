import { backoffMs, DLQ_HEADERS, type DeliveredMessage, type MessageHandler, type Message, type RetryPolicy, type SubscribeOptions } from './port';

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
 * A run of consecutive messages of one partition, in offset order: with a batch handler, all of them
 * in one call first; without one, or if that call throws, one by one through `handleWithRetry`.
 * Returns one outcome per message handled, in order; it stops early (the rest unhandled, not to be
 * committed) at an abandoned message or when `keepGoing` says no between messages.
 */
export async function handleRun(
  options: Pick<SubscribeOptions, 'handler' | 'batch'>,
  run: readonly ((attempt: number) => DeliveredMessage)[],
  ctx: RetryContext & { readonly keepGoing?: () => boolean },
): Promise<HandlingOutcome[]> {
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
