import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { money, paymentDecider, paymentStreamId, type PaymentMethodType, type RiskPolicy } from '@pl/domain';
import { createEventStore, handleCommand, type EventStore, type RecordedEvent } from '@pl/event-store';
import { InProcessBus, PostgresCheckpointStore, Relay } from '@pl/messaging';
import type { Clock, Runtime, ServiceHandle } from '@pl/runtime';
import { createDevIssuer } from '@pl/security';
import { createTestDatabase, eventually } from '@pl/testing';
import { startRisk } from '../start';

/** The risk service's clock in tests: every assessment happens at this instant. */
export const RISK_NOW = '2026-11-22T10:10:00.000Z';
const T0 = Date.parse('2026-11-22T10:00:00.000Z');
/** A request time `seconds` after 10:00:00 on the test day. */
export const at = (seconds: number): string => new Date(T0 + seconds * 1000).toISOString();

export interface PaymentSpec {
  readonly payerId?: string;
  readonly payeeId?: string;
  readonly amountMinor?: bigint;
  readonly orderReference?: string;
  readonly requestedAt?: string;
  readonly methodType?: PaymentMethodType;
}

export interface RiskEnv {
  readonly store: EventStore;
  readonly bus: InProcessBus;
  readonly app: INestApplication;
  /** The risk service's base URL. */
  readonly url: string;
  /** The file's own database (event store and risk tables). */
  readonly databaseUrl: string;
  /** `Authorization` headers for a token with these scopes. */
  auth(scopes: readonly string[], subject?: string): Promise<Record<string, string>>;
  /** Appends PaymentRequested as intake does; the relay carries it to the bus. Returns the payment id. */
  requestPayment(spec?: PaymentSpec): Promise<string>;
  /** The payment's events once risk has assessed it (waits for the first PaymentRiskAssessed). */
  assessed(paymentId: string): Promise<RecordedEvent[]>;
  events(paymentId: string): Promise<RecordedEvent[]>;
}

/**
 * The risk service as it runs embedded: a PostgreSQL event store and database of the file's own,
 * the in-process bus, the relay carrying the store's log to the bus, and risk on a free port.
 */
export function useRisk(name: string, options: { policy?: RiskPolicy } = {}): RiskEnv {
  let state: { store: EventStore; bus: InProcessBus; risk: ServiceHandle; url: string; relay: Relay; checkpoints: PostgresCheckpointStore } | undefined;
  let db: { url: string; drop(): Promise<void> } | undefined;
  let issue: ((scopes: readonly string[], subject: string) => Promise<string>) | undefined;
  const get = () => {
    if (!state) throw new Error('risk starts in beforeAll');
    return state;
  };

  beforeAll(async () => {
    db = await createTestDatabase(name);
    const store = await createEventStore({ kind: 'postgres', url: db.url });
    const bus = new InProcessBus();
    const clock: Clock = { now: () => new Date(RISK_NOW) };
    const runtime: Runtime = { store, bus, databaseUrl: db.url, clock, close: async () => undefined };
    const issuer = await createDevIssuer({ issuer: 'urn:payment-ledger:test-issuer', audience: 'payment-ledger' });
    issue = (scopes, subject) => issuer.issueToken({ subject, scopes, ttlSeconds: 600 });
    const risk = await startRisk({ runtime, auth: issuer.authOptions(), port: 0, host: '127.0.0.1', logLevels: ['fatal', 'error', 'warn'] }, options);
    const checkpoints = new PostgresCheckpointStore(db.url);
    await checkpoints.ensureSchema();
    const relay = new Relay({ store, bus, checkpoints, name: 'relay' });
    relay.start();
    state = { store, bus, risk, relay, checkpoints, url: (await risk.app.getUrl()).replace('[::1]', '127.0.0.1') };
  });

  afterAll(async () => {
    if (state) {
      await state.relay.stop();
      await state.checkpoints.close();
      await state.risk.close();
      await state.bus.close();
      await state.store.close();
    }
    await db?.drop();
  });

  const events = (paymentId: string) => get().store.readStream(paymentStreamId(paymentId));

  return {
    get store() {
      return get().store;
    },
    get bus() {
      return get().bus;
    },
    get app() {
      return get().risk.app;
    },
    get url() {
      return get().url;
    },
    get databaseUrl() {
      if (!db) throw new Error('risk starts in beforeAll');
      return db.url;
    },
    auth: async (scopes, subject = 'risk-analyst') => {
      if (!issue) throw new Error('risk starts in beforeAll');
      return { authorization: `Bearer ${await issue(scopes, subject)}` };
    },
    requestPayment: async (spec = {}) => {
      const paymentId = randomUUID();
      const requestedAt = spec.requestedAt ?? at(0);
      await handleCommand({
        store: get().store,
        streamId: paymentStreamId(paymentId),
        decider: paymentDecider,
        command: {
          type: 'RequestPayment',
          data: {
            paymentId,
            amount: money(spec.amountMinor ?? 9_900n, 'CNY'),
            payerId: spec.payerId ?? 'cust-42',
            payeeId: spec.payeeId ?? 'merchant-7',
            method: { type: spec.methodType ?? 'card', token: 'tok_visa_4242', masked: '424242******4242' },
            orderReference: spec.orderReference ?? `ERP-${paymentId}`,
            metadata: {},
            idempotencyKey: `key-${paymentId}`,
            requestedAt,
          },
        },
        context: { correlationId: paymentId, causationId: `request:test:${paymentId}`, actor: 'client:test', occurredAt: requestedAt },
      });
      return paymentId;
    },
    assessed: (paymentId) =>
      eventually(async () => {
        const stream = await events(paymentId);
        return stream.some((e) => e.type === 'PaymentRiskAssessed') ? stream : undefined;
      }, 20_000, `the risk assessment of ${paymentId}`),
    events,
  };
}

export async function httpJson(
  method: string,
  url: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<{ status: number; headers: Headers; body: any }> {
  const res = await fetch(url, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
}
