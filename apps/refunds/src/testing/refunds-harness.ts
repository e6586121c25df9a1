import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { money, paymentDecider, paymentStreamId, type PaymentCommand } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { createRuntime, type Runtime, type ServiceHandle } from '@pl/runtime';
import { createDevIssuer } from '@pl/security';
import { createTestDatabase } from '@pl/testing';
import { refundPolicy, type RefundPolicyConfig } from '../policy/refund-policy';
import { startRefunds } from '../start';

const ISSUER = 'urn:payment-ledger:test-issuer';
const AUDIENCE = 'payment-ledger';

export interface RefundsEnv {
  readonly url: string;
  readonly store: EventStore;
  token(scopes: string[], subject?: string): Promise<string>;
}

/** The refunds service alone on a real PostgreSQL event store, started before the file's tests. */
export function useRefundsService(name: string, policy: RefundPolicyConfig = {}): RefundsEnv {
  let db: { url: string; drop(): Promise<void> } | undefined;
  let runtime: Runtime | undefined;
  let service: ServiceHandle | undefined;
  let url = '';
  let issue: RefundsEnv['token'] = () => Promise.reject(new Error('starts in beforeAll'));
  beforeAll(async () => {
    db = await createTestDatabase(name);
    runtime = await createRuntime({ DATABASE_URL: db.url, BUS: 'inprocess', EVENT_STORE: 'postgres' }, 'refunds-test');
    const issuer = await createDevIssuer({ issuer: ISSUER, audience: AUDIENCE });
    issue = (scopes, subject = 'erp-client') => issuer.issueToken({ subject, scopes, ttlSeconds: 600 });
    const auth = { issuer: ISSUER, audience: AUDIENCE, jwks: { keys: issuer.publicJwks() } };
    service = await startRefunds({ runtime, auth, port: 0, host: '127.0.0.1', logLevels: ['error'] }, refundPolicy(policy));
    const address = (service.app.getHttpServer() as { address(): AddressInfo }).address();
    url = `http://127.0.0.1:${address.port}`;
  });
  afterAll(async () => {
    await service?.close();
    await runtime?.close();
    await db?.drop();
  });
  return {
    get url() {
      return url;
    },
    get store() {
      if (!runtime) throw new Error('starts in beforeAll');
      return runtime.store;
    },
    token: (scopes, subject) => issue(scopes, subject),
  };
}

/** A payment taken through its lifecycle to settled on `channel`, straight on its stream. */
export async function seedSettledPayment(store: EventStore, amountMinor: bigint, channel = 'ICBC', settledAt = new Date()): Promise<string> {
  const paymentId = randomUUID();
  const at = settledAt.toISOString();
  const fee = amountMinor / 100n;
  const commands: PaymentCommand[] = [
    {
      type: 'RequestPayment',
      data: { paymentId, amount: money(amountMinor, 'CNY'), payerId: 'cust-1', payeeId: 'merchant-1', method: { type: 'card', token: 'tok_1', masked: '4242' }, orderReference: 'ERP-1', metadata: {}, idempotencyKey: paymentId, requestedAt: at },
    },
    { type: 'AssessRisk', data: { paymentId, decision: 'approve', score: 10, reasons: [], assessedAt: at } },
    { type: 'RoutePayment', data: { paymentId, channel, quotedFeeMinor: fee, why: ['test'], routedAt: at, attempt: 1 } },
    { type: 'SubmitToBank', data: { paymentId, channel, attempt: 1, bankRequestId: `${paymentId}:1`, submittedAt: at } },
    { type: 'AuthorizePayment', data: { paymentId, attempt: 1, bankReference: `B-${paymentId}`, authorizedAt: at } },
    { type: 'SettlePayment', data: { paymentId, settledAmountMinor: amountMinor - fee, feeMinor: fee, settledAt: at } },
  ];
  for (const [i, command] of commands.entries()) {
    await handleCommand({ store, streamId: paymentStreamId(paymentId), decider: paymentDecider, command, context: { correlationId: paymentId, causationId: `seed:${paymentId}:${i}`, actor: 'test', occurredAt: at } });
  }
  return paymentId;
}

export async function post(url: string, body: unknown, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}

export async function get(url: string, headers: Record<string, string>): Promise<{ status: number; body: any }> {
  const res = await fetch(url, { headers });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : undefined };
}
