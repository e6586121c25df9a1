import { randomUUID } from 'node:crypto';
import { eventually } from '@pl/testing';
import type { DeliveredMessage, MessageBus, MessageHandler, RetryPolicy, Subscription } from '../port';

/** Short back-offs so capped retries take milliseconds, not seconds. */
export const FAST_RETRY: RetryPolicy = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 40 };

export const uniqueTopic = (label: string): string => `contract.${label}.${randomUUID()}`;
export const uniqueGroup = (label: string): string => `contract-${label}-${randomUUID()}`;

/** A subscriber that records what it was handed, in order, after the inner handler succeeded. */
export interface Recorder {
  readonly handled: DeliveredMessage[];
  readonly attempts: DeliveredMessage[];
  values(): string[];
}

export function recorder(inner: MessageHandler = async () => undefined): Recorder & { handler: MessageHandler } {
  const handled: DeliveredMessage[] = [];
  const attempts: DeliveredMessage[] = [];
  return {
    handled,
    attempts,
    values: () => handled.map((m) => m.value),
    handler: async (m) => {
      attempts.push(m);
      await inner(m);
      handled.push(m);
    },
  };
}

export async function consume(
  bus: MessageBus,
  topic: string,
  groupId: string,
  inner?: MessageHandler,
  retry: RetryPolicy = FAST_RETRY,
): Promise<Recorder & { subscription: Subscription }> {
  const r = recorder(inner);
  const subscription = await bus.subscribe({ groupId, topics: [topic], handler: r.handler, retry });
  return { ...r, subscription };
}

export async function until(what: string, check: () => boolean, timeoutMs = 30_000): Promise<void> {
  await eventually(async () => (check() ? true : undefined), timeoutMs, what);
}

/** Lets a bus deliver anything still in flight, to show that nothing more arrives. */
export const settle = (ms = 1_500): Promise<void> => new Promise((r) => setTimeout(r, ms));

export const numbered = (count: number, key: (i: number) => string = () => 'k', from = 0) =>
  Array.from({ length: count }, (_, i) => ({ key: key(from + i), value: `m${from + i}`, headers: { n: String(from + i) } }));
