import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { DomainError, foldPayment, paymentDecider, type PaymentCommand, type PaymentEvent } from '@pl/domain';
import { createTestDatabase } from '@pl/testing';
import type { DataSource } from 'typeorm';
import { openReadModel } from '../../read-model/data-source';
import { PaymentRefundView } from '../../read-model/payment-refund-view.entity';
import { PaymentView } from '../../read-model/payment-view.entity';
import { PaymentProjector } from '../payment-projector';
import { at, recorded, settledHistory } from './payment-stream.fixtures';

/**
 * Given any sequence of reservations, releases and completions the payment decider accepts, with
 * any event delivered again at any point, when the projector (real PostgreSQL) has seen them, then
 * the row's refunded, pending and refundable amounts and its refund rows are what foldPayment of
 * the same stream says.
 */
const refundIds = Array.from({ length: 4 }, () => randomUUID());
const step = fc.record({
  kind: fc.constantFrom('reserve' as const, 'release' as const, 'complete' as const),
  refund: fc.nat({ max: refundIds.length - 1 }),
  amount: fc.bigInt({ min: 1n, max: 6000n }),
  redeliver: fc.option(fc.nat(), { nil: undefined }),
});

function command(paymentId: string, s: { kind: string; refund: number; amount: bigint }, single: boolean): PaymentCommand {
  const base = { paymentId, refundId: refundIds[s.refund]! };
  if (s.kind === 'reserve') return { type: 'ReserveRefund', data: { ...base, amountMinor: s.amount, requestedAt: at(9), policy: { singleRefundOnly: single, windowMs: 86_400_000 } } };
  if (s.kind === 'release') return { type: 'ReleaseRefund', data: { ...base, reason: 'bank failed', releasedAt: at(9) } };
  return { type: 'CompleteRefund', data: { ...base, bankRefundId: `bank-${s.refund}`, refundedAt: at(9) } };
}

describe('the read model’s refund figures equal the domain fold of the stream', () => {
  let db: { url: string; drop(): Promise<void> };
  let readModel: DataSource;
  let projector: PaymentProjector;

  beforeAll(async () => {
    db = await createTestDatabase('refund_fold');
    readModel = await openReadModel(db.url);
    projector = new PaymentProjector(readModel);
  });
  afterAll(async () => {
    await readModel?.destroy();
    await db?.drop();
  });

  it('after any accepted sequence, redeliveries included', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { maxLength: 14 }), fc.boolean(), async (steps, single) => {
        const paymentId = randomUUID();
        const history: PaymentEvent[] = settledHistory(paymentId);
        for (const s of steps) {
          try {
            history.push(...paymentDecider.decide(command(paymentId, s, single), foldPayment(history)));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
        }
        const events = recorded(paymentId, history);
        for (const [i, event] of events.entries()) {
          expect(await projector.handle(event)).toBe('applied');
          // At-least-once delivery: an event seen before changes nothing.
          const again = steps[i % Math.max(steps.length, 1)]?.redeliver;
          if (again !== undefined) expect(await projector.handle(events[again % (i + 1)]!)).toBe('duplicate');
        }

        const state = foldPayment(history);
        if (state.status !== 'settled') throw new Error('refunds changed the payment status');
        const row = await readModel.getRepository(PaymentView).findOneByOrFail({ paymentId });
        const { refundedMinor, reservedMinor } = state.refunds;
        expect([row.refundedMinor, row.refundPendingMinor, row.refundableMinor]).toEqual(
          [refundedMinor, reservedMinor, state.amount.amountMinor - refundedMinor - reservedMinor].map(String),
        );
        const rows = await readModel.getRepository(PaymentRefundView).find({ where: { paymentId } });
        const shown = (r: { refundId: string; amountMinor: bigint | string; status: string; bankRefundId?: string | null }) =>
          [r.refundId, String(r.amountMinor), r.status === 'reserved' ? 'pending' : r.status, r.bankRefundId ?? null] as const;
        const byId = (a: readonly unknown[], b: readonly unknown[]) => String(a[0]).localeCompare(String(b[0]));
        expect(rows.map(shown).sort(byId)).toEqual(state.refunds.reservations.map(shown).sort(byId));
      }),
      { numRuns: 40 },
    );
  });

  it('shows nothing refundable before the payment settles', async () => {
    const paymentId = randomUUID();
    for (const event of recorded(paymentId, settledHistory(paymentId).slice(0, 5))) await projector.handle(event);
    const row = await readModel.getRepository(PaymentView).findOneByOrFail({ paymentId });
    expect([row.status, row.refundedMinor, row.refundPendingMinor, row.refundableMinor]).toEqual(['authorized', '0', '0', '0']);
  });
});
