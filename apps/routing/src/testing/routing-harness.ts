import { randomUUID } from 'node:crypto';
import {
  channelDecider,
  channelStreamId,
  money,
  paymentDecider,
  paymentStreamId,
  type ChannelCommand,
  type PaymentCommand,
  type PaymentEvent,
  type PaymentMethodType,
  type RiskDecision,
} from '@pl/domain';
import { createEventStore, handleCommand, type EventStore, type RecordedEvent } from '@pl/event-store';
import { InProcessBus, PostgresCheckpointStore, Relay } from '@pl/messaging';
import { systemClock, type Runtime, type ServiceHandle } from '@pl/runtime';
import { createDevIssuer } from '@pl/security';
import { createTestDatabase, eventually } from '@pl/testing';
import type { Catalogue } from '../catalogue/catalogue';
import { startRouting } from '../start';

const ISSUER = 'urn:payment-ledger:routing-test';
const AUDIENCE = 'payment-ledger';

/**
 * Routing on a real PostgreSQL event store, the in-process bus and the relay between them: what a
 * test appends reaches routing exactly as in production (store → relay → bus → consumer).
 */
export interface RoutingWorld {
  readonly store: EventStore;
  readonly bus: InProcessBus;
  readonly url: string;
  /** Authorization header for a token with these scopes. */
  auth(scopes: string[], subject?: string): Promise<Record<string, string>>;
  /** Stops routing (only), e.g. to start it again with `restartRouting`. */
  stopRouting(): Promise<void>;
  restartRouting(): Promise<void>;
  close(): Promise<void>;
}

export async function startRoutingWorld(
  name: string,
  options: { catalogue?: Catalogue; given?: (store: EventStore) => Promise<void> } = {},
): Promise<RoutingWorld> {
  const db = await createTestDatabase(name);
  const store = await createEventStore({ kind: 'postgres', url: db.url });
  const bus = new InProcessBus();
  const runtime: Runtime = { store, bus, databaseUrl: db.url, clock: systemClock, close: async () => undefined };
  const issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
  await options.given?.(store);
  const start = () =>
    startRouting({ runtime, auth: issuer.authOptions(), port: 0, host: '127.0.0.1', logLevels: ['fatal', 'error'] }, ...(options.catalogue ? [options.catalogue] : []));
  let routing: ServiceHandle | undefined = await start();
  const checkpoints = new PostgresCheckpointStore(db.url);
  await checkpoints.ensureSchema();
  const relay = new Relay({ store, bus, checkpoints, name: 'relay' });
  relay.start();
  const url = (await routing.app.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    store,
    bus,
    url,
    auth: async (scopes, subject = 'ops-anna') => ({ authorization: `Bearer ${await issuer.issueToken({ subject, scopes })}` }),
    stopRouting: async () => {
      await routing?.close();
      routing = undefined;
    },
    restartRouting: async () => {
      routing = await start();
    },
    close: async () => {
      await relay.stop();
      await checkpoints.close();
      await routing?.close();
      await bus.close();
      await store.close();
      await db.drop();
    },
  };
}

const context = (paymentId: string, actor: string) => ({
  correlationId: paymentId,
  causationId: `test:${randomUUID()}`,
  actor,
  occurredAt: new Date().toISOString(),
});

async function payment(store: EventStore, paymentId: string, command: PaymentCommand, actor: string): Promise<void> {
  await handleCommand({ store, streamId: paymentStreamId(paymentId), decider: paymentDecider, command, context: context(paymentId, actor) });
}

/** intake's RequestPayment, then risk's AssessRisk with the decision asked for. Returns the payment id. */
export async function requestAssessedPayment(
  store: EventStore,
  p: { amountMinor: bigint; method?: PaymentMethodType; metadata?: Record<string, string>; decision?: RiskDecision },
): Promise<string> {
  const paymentId = randomUUID();
  const type = p.method ?? 'wallet';
  await payment(
    store,
    paymentId,
    {
      type: 'RequestPayment',
      data: {
        paymentId,
        amount: money(p.amountMinor, 'CNY'),
        payerId: 'cust-42',
        payeeId: 'merchant-7',
        method: { type, token: `tok_${type}_1`, masked: '****01' },
        orderReference: `ERP-${paymentId.slice(0, 8)}`,
        metadata: p.metadata ?? {},
        idempotencyKey: paymentId,
        requestedAt: new Date().toISOString(),
      },
    },
    'client:erp',
  );
  const decision = p.decision ?? 'approve';
  await payment(
    store,
    paymentId,
    { type: 'AssessRisk', data: { paymentId, decision, score: decision === 'approve' ? 40 : 910, reasons: [], assessedAt: new Date().toISOString() } },
    'service:risk',
  );
  return paymentId;
}

/** What the connectors do when an attempt fails technically: submitted, then failed. */
export async function failAttempt(store: EventStore, paymentId: string, attempt: number, channel: string): Promise<void> {
  const now = new Date().toISOString();
  await payment(store, paymentId, { type: 'SubmitToBank', data: { paymentId, channel, attempt, bankRequestId: `${paymentId}:${attempt}`, submittedAt: now } }, 'service:bank-connectors');
  await payment(store, paymentId, { type: 'FailPayment', data: { paymentId, attempt, reason: 'timeout confirmed by status query', failedAt: now } }, 'service:bank-connectors');
}

/** A channel command as the connectors (circuit) or an operator (maintenance) would append it. */
export async function channelCommand(store: EventStore, command: ChannelCommand): Promise<void> {
  const streamId = channelStreamId(command.data.channel);
  await handleCommand({ store, streamId, decider: channelDecider, command, context: { ...context(streamId, 'service:bank-connectors') } });
}

export const paymentEvents = async (store: EventStore, paymentId: string): Promise<Array<PaymentEvent & { recorded: RecordedEvent }>> =>
  (await store.readStream(paymentStreamId(paymentId))).map((r) => ({ type: r.type, data: r.data, recorded: r }) as PaymentEvent & { recorded: RecordedEvent });

/** Waits until the payment's stream has an event of this type matching `where`. */
export async function waitForEvent<T extends PaymentEvent['type']>(
  store: EventStore,
  paymentId: string,
  type: T,
  where: (e: Extract<PaymentEvent, { type: T }>) => boolean = () => true,
): Promise<Extract<PaymentEvent, { type: T }> & { recorded: RecordedEvent }> {
  return eventually(
    async () =>
      (await paymentEvents(store, paymentId)).find((e) => e.type === type && where(e as unknown as Extract<PaymentEvent, { type: T }>)) as unknown as
        | (Extract<PaymentEvent, { type: T }> & { recorded: RecordedEvent })
        | undefined,
    20_000,
    `${type} on payment ${paymentId}`,
  );
}

export async function getJson(url: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers });
  return { status: res.status, body: await res.json() };
}

export async function sendJson(method: 'PUT' | 'DELETE' | 'POST', url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
