import { randomUUID } from 'node:crypto';
import type { DeliveredMessage } from '@pl/messaging';
import { eventually } from '@pl/testing';
import { ERP_PAYMENT_STATUS_TOPIC, type ErpPaymentStatus } from '../../../intake/src/erp/erp-payment-status.message';
import { paymentBody, postJson, useEmbeddedPlatform } from './harness';

/**
 * The ERP reads status changes back from a topic: one message per event of the payment, keyed by
 * the payment id, numbered by the stream revision with no gaps, ending at the terminal status.
 */
describe('the ERP status topic', () => {
  const env = useEmbeddedPlatform('erpstatus', ['payments:write', 'payments:read']);
  const received: DeliveredMessage[] = [];

  beforeAll(async () => {
    await env.platform.runtime.bus.subscribe({ groupId: 'test.erp-status', topics: [ERP_PAYMENT_STATUS_TOPIC], handler: async (m) => void received.push(m) });
  });

  it('carries every version of a payment from requested to settled', async () => {
    const key = `erp-${randomUUID()}`;
    const created = await postJson(`${env.platform.urls.intake}/v1/payments`, paymentBody({ payer: { id: `cust-${randomUUID()}` } }), {
      ...env.auth,
      'idempotency-key': key,
    });
    expect(created.status).toBe(201);
    const id: string = created.body.id;
    const mine = () => received.filter((m) => m.key === id).map((m) => JSON.parse(m.value) as ErpPaymentStatus);
    const statuses = await eventually(async () => (mine().some((s) => s.status === 'settled') ? mine() : undefined), 30_000, 'the settled status on the topic');

    // At least once: duplicates are possible and recognisable by version; without them, versions 0..n.
    const versions = [...new Set(statuses.map((s) => s.version))].sort((a, b) => a - b);
    expect(versions).toEqual(versions.map((_, i) => i));
    const byVersion = new Map(statuses.map((s) => [s.version, s]));
    expect([...byVersion.values()].sort((a, b) => a.version - b.version).map((s) => s.status)).toEqual([
      'requested',
      'approved',
      'routed',
      'submitted',
      'authorized',
      'settled',
    ]);
    const settled = statuses.find((s) => s.status === 'settled')!;
    expect(settled).toMatchObject({ paymentId: id, idempotencyKey: key, requestedBy: 'erp-client', orderReference: 'ERP-2026-0001', amount: '12550', currency: 'CNY' });
    expect(BigInt(settled.details['settledAmount']!) + BigInt(settled.details['fee']!)).toBe(12550n);
  });
});
