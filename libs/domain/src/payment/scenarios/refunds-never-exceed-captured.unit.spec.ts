import fc from 'fast-check';
import { DomainError, paymentDecider, type PaymentCommand, type PaymentEvent, type PaymentState } from '@pl/domain';
import { history, paymentId } from './payment.fixtures';
import { DAY_MS } from './refund.fixtures';

/**
 * Random sequences of reservations, releases (rejection, bank failure), completions and retries of
 * any of them, on single- and multi-refund channels: whatever is accepted, reserved + refunded
 * never exceeds the captured 125.50, and a retry never changes anything.
 */
const ids = ['r1', 'r2', 'r3', 'r4', 'r5'];
const at = '2026-11-23T09:00:00.000Z';
const step = fc.oneof(
  fc.record({ kind: fc.constant('reserve' as const), id: fc.constantFrom(...ids), amount: fc.bigInt({ min: 1n, max: 13000n }) }),
  fc.record({ kind: fc.constant('release' as const), id: fc.constantFrom(...ids) }),
  fc.record({ kind: fc.constant('complete' as const), id: fc.constantFrom(...ids) }),
);

function toCommand(s: { kind: string; id: string; amount?: bigint }, single: boolean): PaymentCommand {
  const base = { paymentId, refundId: s.id };
  if (s.kind === 'reserve') return { type: 'ReserveRefund', data: { ...base, amountMinor: s.amount ?? 1n, requestedAt: at, policy: { singleRefundOnly: single, windowMs: 30 * DAY_MS } } };
  if (s.kind === 'release') return { type: 'ReleaseRefund', data: { ...base, reason: 'bank failed', releasedAt: at } };
  return { type: 'CompleteRefund', data: { ...base, bankRefundId: `bank-${s.id}`, refundedAt: at } };
}

const fold = (events: readonly PaymentEvent[]): PaymentState => events.reduce(paymentDecider.evolve, paymentDecider.initialState());

describe('refund reservations under random sequences', () => {
  it('never let reserved plus refunded exceed the captured amount, and retries change nothing', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), fc.boolean(), (steps, single) => {
        const events: PaymentEvent[] = [...history.settled];
        for (const s of steps) {
          const command = toCommand(s, single);
          let produced: PaymentEvent[] = [];
          try {
            produced = paymentDecider.decide(command, fold(events));
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          events.push(...produced);
          // The same command again (a redelivery) is always satisfied or refused, never applied twice.
          if (produced.length > 0) expect(paymentDecider.decide(command, fold(events))).toEqual([]);
          const state = fold(events);
          if (state.status !== 'settled') throw new Error('a refund changed the payment status');
          const { reservedMinor, refundedMinor, reservations } = state.refunds;
          expect(reservedMinor + refundedMinor).toBeLessThanOrEqual(state.amount.amountMinor);
          expect(reservedMinor).toBeGreaterThanOrEqual(0n);
          const paid = events.filter((e) => e.type === 'PaymentRefunded').reduce((sum, e) => sum + BigInt(e.data.amountMinor), 0n);
          expect(paid).toBe(refundedMinor);
          if (single) expect(reservations.filter((r) => r.status !== 'released').length).toBeLessThanOrEqual(1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
