import { randomUUID } from 'node:crypto';
import { type PaymentCommand, paymentStreamId } from '@pl/domain';
import type { EventStore } from '@pl/event-store';
import { createRuntime, type Runtime } from '@pl/runtime';
import { createTestDatabase } from '@pl/testing';
import { ConnectorStore } from '../payments/connector-store';
import { paymentAppender, paymentRequest } from './testbed';

/** The real PostgreSQL event store and connector tables, for tests that drive BankOutcomes directly. */
export interface OutcomesBed {
  readonly runtime: Runtime;
  readonly pending: ConnectorStore;
  /** Commands onto a payment's stream, as the services that own them would append them. */
  append(paymentId: string, command: PaymentCommand, step: string): Promise<unknown>;
  /** A payment requested, approved and routed to `channel` on attempt 1 by the services before the connectors. */
  routedPayment(channel: string): Promise<string>;
  /** The payment's events as "Type attempt" ("PaymentRouted 1"), or the type alone. */
  typesAndAttempts(paymentId: string): Promise<string[]>;
  close(): Promise<void>;
}

export async function startOutcomesBed(prefix: string): Promise<OutcomesBed> {
  const db = await createTestDatabase(prefix);
  const runtime = await createRuntime({ DATABASE_URL: db.url, BUS: 'inprocess', EVENT_STORE: 'postgres' }, `${prefix}-test`);
  const append = paymentAppender(runtime.store);
  const pending = new ConnectorStore(runtime);
  await pending.onModuleInit();
  return {
    runtime,
    pending,
    append,
    routedPayment: async (channel) => {
      const paymentId = randomUUID();
      const at = new Date().toISOString();
      await append(paymentId, paymentRequest(paymentId, 12_550n, at), 'request');
      await append(paymentId, { type: 'AssessRisk', data: { paymentId, decision: 'approve', score: 10, reasons: [], assessedAt: at } }, 'risk');
      await append(paymentId, { type: 'RoutePayment', data: { paymentId, channel, quotedFeeMinor: 48n, why: ['test route'], routedAt: at, attempt: 1 } }, 'route-1');
      return paymentId;
    },
    typesAndAttempts: async (paymentId) =>
      (await runtime.store.readStream(paymentStreamId(paymentId))).map((e) => `${e.type}${typeof e.data['attempt'] === 'number' ? ` ${e.data['attempt']}` : ''}`),
    close: async () => {
      await pending.onApplicationShutdown();
      await runtime.close();
      await db.drop();
    },
  };
}

/** `store` with one of its methods replaced (`wrap` gets the original, bound); everything else as it is. */
export function withMethod<K extends keyof EventStore>(store: EventStore, name: K, wrap: (original: EventStore[K]) => EventStore[K]): EventStore {
  const replaced = wrap((store[name] as (...args: unknown[]) => unknown).bind(store) as EventStore[K]);
  return new Proxy(store, {
    get: (target, property) => {
      if (property === name) return replaced;
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The real event store, counting the stream reads made through it. */
export function countingReads(store: EventStore): { store: EventStore; reads: () => number } {
  let reads = 0;
  const counting = withMethod(store, 'readStream', (readStream) => (...args: Parameters<EventStore['readStream']>) => {
    reads += 1;
    return readStream(...args);
  });
  return { store: counting, reads: () => reads };
}
