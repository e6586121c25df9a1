import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
/* The real sandbox, driven over HTTP like the connectors talk to it. */
import { startTestSandbox, type TestSandbox } from '../../../bank-sandbox/src/testing/harness';
import type { BankChannel } from '@pl/bank-protocol';
import {
  channelStreamId,
  foldPayment,
  type LifecycleCommand,
  money,
  type PaymentCommand,
  paymentDecider,
  type PaymentState,
  type PaymentStatus,
  paymentStreamId,
  type RefundCommand,
  refundDecider,
  foldRefund,
  type RefundState,
  type RefundStatus,
  refundStreamId,
} from '@pl/domain';
import { handleCommand, type EventStore, type RecordedEvent } from '@pl/event-store';
import { PostgresCheckpointStore, Relay } from '@pl/messaging';
import { createRuntime, type Runtime, type ServiceHandle } from '@pl/runtime';
import { createDevIssuer } from '@pl/security';
import { createTestDatabase, eventually } from '@pl/testing';
import type { ConnectorsConfig } from '../config';
import { startBankConnectors } from '../start';

/** Short intervals so a scenario takes seconds; probes effectively off unless a scenario wants them. */
export const FAST: Partial<ConnectorsConfig> = {
  bankTimeoutMs: 300,
  submitAttempts: 3,
  retryBackoffMs: 50,
  statusPollIntervalMs: 100,
  callbackGraceMs: 500,
  probeIntervalMs: 600_000,
  probeTimeoutMs: 200,
};

export interface Testbed {
  readonly sandbox: TestSandbox;
  readonly runtime: Runtime;
  readonly connectors: ServiceHandle;
  /** The connectors' base URL (callbacks go to `${url}/callbacks/<CODE>`). */
  readonly url: string;
  token(scopes: string[]): Promise<string>;
  /** RequestPayment, AssessRisk approve, RoutePayment attempt 1, as intake, risk and routing would. */
  routedPayment(channel: BankChannel, options?: { amountMinor?: bigint; quotedFeeMinor?: bigint }): Promise<string>;
  events(paymentId: string): Promise<RecordedEvent[]>;
  state(paymentId: string): Promise<PaymentState>;
  waitForStatus(paymentId: string, status: PaymentStatus, timeoutMs?: number): Promise<PaymentState>;
  channelEvents(channel: BankChannel): Promise<RecordedEvent[]>;
  /** A refund of a settled payment, reserved and approved as the refunds service would (below the approval threshold). */
  approvedRefund(paymentId: string, amountMinor: bigint): Promise<string>;
  refundEvents(refundId: string): Promise<RecordedEvent[]>;
  waitForRefund(refundId: string, status: RefundStatus, timeoutMs?: number): Promise<RefundState>;
  query<T>(sql: string): Promise<T[]>;
  close(): Promise<void>;
}

/** Real PostgreSQL (event store, connector tables), in-process bus fed by the relay, the real sandbox over HTTP. */
export async function startTestbed(overrides: Partial<ConnectorsConfig> = {}, before?: (sandbox: TestSandbox) => Promise<void>): Promise<Testbed> {
  const db = await createTestDatabase('bc');
  const sandbox = await startTestSandbox();
  await before?.(sandbox);
  const runtime = await createRuntime({ DATABASE_URL: db.url, BUS: 'inprocess', EVENT_STORE: 'postgres' }, 'bank-connectors-test');
  const checkpoints = new PostgresCheckpointStore(db.url);
  await checkpoints.ensureSchema();
  const relay = new Relay({ store: runtime.store, bus: runtime.bus, checkpoints, name: 'relay', retryDelayMs: 50 });
  relay.start();
  const issuer = await createDevIssuer({ issuer: 'urn:test', audience: 'payment-ledger' });
  const connectors = await startBankConnectors(
    { runtime, auth: issuer.authOptions(), port: 0, host: '127.0.0.1', logLevels: ['fatal', 'error'] },
    { ...FAST, bankBaseUrl: sandbox.base, ...overrides },
  );
  const url = (await connectors.app.getUrl()).replace('[::1]', '127.0.0.1');
  const pool = new Pool({ connectionString: db.url, max: 2 });
  // An idle connection closed by the server (the database dropped, PostgreSQL stopping at the end of
  // the run) must not crash the worker; a query on a dead connection still fails the test.
  pool.on('error', () => undefined);

  const append = paymentAppender(runtime.store);
  const state = async (paymentId: string) => foldPayment(await runtime.store.readStream(paymentStreamId(paymentId)));

  return {
    sandbox,
    runtime,
    connectors,
    url,
    token: (scopes) => issuer.issueToken({ subject: 'sre', scopes }),
    routedPayment: async (channel, options = {}) => {
      const paymentId = randomUUID();
      const at = new Date().toISOString();
      await append(paymentId, paymentRequest(paymentId, options.amountMinor ?? 12_550n, at), 'request');
      const assess: LifecycleCommand = { type: 'AssessRisk', data: { paymentId, decision: 'approve', score: 10, reasons: [], assessedAt: at } };
      await append(paymentId, assess, 'risk');
      const route: LifecycleCommand = {
        type: 'RoutePayment',
        data: { paymentId, channel, quotedFeeMinor: options.quotedFeeMinor ?? 48n, why: ['test route'], routedAt: at, attempt: 1 },
      };
      await append(paymentId, route, 'route');
      return paymentId;
    },
    events: (paymentId) => runtime.store.readStream(paymentStreamId(paymentId)),
    state,
    waitForStatus: (paymentId, status, timeoutMs = 15_000) =>
      eventually(async () => {
        const s = await state(paymentId);
        return s.status === status ? s : undefined;
      }, timeoutMs, `payment ${paymentId} to be ${status}`),
    channelEvents: (channel) => runtime.store.readStream(channelStreamId(channel)),
    approvedRefund: async (paymentId, amountMinor) => {
      const refundId = randomUUID();
      const at = new Date().toISOString();
      const settled = await state(paymentId);
      if (settled.status !== 'settled') throw new Error(`payment ${paymentId} is ${settled.status}, not settled`);
      const policy = { singleRefundOnly: false, windowMs: 86_400_000 };
      await append(paymentId, { type: 'ReserveRefund', data: { paymentId, refundId, amountMinor, requestedAt: at, policy } }, `reserve:${refundId}`);
      const request: RefundCommand = {
        type: 'RequestRefund',
        data: { refundId, paymentId, amountMinor, currency: settled.amount.currency, channel: settled.submission.channel, reason: 'test', requestedBy: 'clerk', idempotencyKey: refundId, requestedAt: at, approvalThresholdMinor: 10n ** 12n },
      };
      await handleCommand({ store: runtime.store, streamId: refundStreamId(refundId), decider: refundDecider, command: request, context: { correlationId: refundId, causationId: `test:${refundId}`, actor: 'test', occurredAt: at } });
      return refundId;
    },
    refundEvents: (refundId) => runtime.store.readStream(refundStreamId(refundId)),
    waitForRefund: (refundId, status, timeoutMs = 15_000) =>
      eventually(async () => {
        const events = await runtime.store.readStream(refundStreamId(refundId));
        const s = foldRefund(events);
        return s.status === status ? s : undefined;
      }, timeoutMs, `refund ${refundId} to be ${status}`),
    query: async <T>(sql: string) => (await pool.query(sql)).rows as T[],
    close: async () => {
      await connectors.close();
      await relay.stop();
      await checkpoints.close();
      await pool.end();
      await sandbox.close();
      await runtime.close();
      await db.drop();
    },
  };
}

/** Appends a command to a payment's stream as the service that owns it would (the test is the actor). */
export const paymentAppender =
  (store: EventStore) =>
  (paymentId: string, command: PaymentCommand, step: string): Promise<unknown> =>
    handleCommand({
      store,
      streamId: paymentStreamId(paymentId),
      decider: paymentDecider,
      command,
      context: { correlationId: paymentId, causationId: `test:${paymentId}:${step}`, actor: 'test', occurredAt: new Date().toISOString() },
    });

/** RequestPayment of `amountMinor` CNY by card, as intake records it. */
export const paymentRequest = (paymentId: string, amountMinor: bigint, at: string): PaymentCommand => ({
  type: 'RequestPayment',
  data: {
    paymentId,
    amount: money(amountMinor, 'CNY'),
    payerId: 'cust-42',
    payeeId: 'merchant-7',
    method: { type: 'card', token: 'tok_test_card', masked: '424242******4242' },
    orderReference: `ERP-${paymentId.slice(0, 8)}`,
    metadata: {},
    idempotencyKey: paymentId,
    requestedAt: at,
  },
});

/** The event types of a payment's stream, in order: what the scenarios assert on. */
export const typesOf = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.type);
