import { In, type DataSource, type EntityManager } from 'typeorm';
import { positionToString, type RecordedEvent } from '@pl/event-store';
import { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import { PaymentView } from '../read-model/payment-view.entity';
import { ProjectionCheckpoint } from '../read-model/projection-checkpoint.entity';
import { advanceCheckpoint, insertPostings, upsertEntities } from '../rebuild/batch-writes';
import { ReadModelWorkingSet } from '../rebuild/working-set';
import { projectLedger } from './ledger-projection';
import { applyPaymentEvent } from './payment-projection';
import { ProjectionGapError } from './projection-gap-error';
import { applyRefundEvent, refundEventFor } from './refund-projection';

export type ProjectionOutcome = 'applied' | 'duplicate';

export { ProjectionGapError };

/**
 * Applies payment events to payments_v1, payment_refunds_v1 and the ledger (postings, balances)
 * with the checkpoint in the same transaction.
 * The row's version is the guard: a revision at or below it is a duplicate (delivery is
 * at-least-once) and changes nothing; a revision beyond version + 1 is a gap.
 */
export class PaymentProjector {
  constructor(
    private readonly dataSource: DataSource,
    readonly name = 'payments_v1',
  ) {}

  async handle(event: RecordedEvent): Promise<ProjectionOutcome> {
    if (!event.streamId.startsWith('payment-')) return 'duplicate';
    return this.dataSource.transaction(async (m) => {
      const paymentId = event.streamId.slice('payment-'.length);
      const row = await m.findOne(PaymentView, { where: { paymentId }, lock: { mode: 'pessimistic_write' } });
      const expected = row ? BigInt(row.version) + 1n : 0n;
      if (event.revision < expected) return 'duplicate';
      if (event.revision > expected) {
        throw new ProjectionGapError(`${event.streamId}: got revision ${event.revision}, expected ${expected}`);
      }
      const next = applyPaymentEvent(row, event);
      // The row is already loaded (and locked): insert or update it directly, where save() would
      // first select it again.
      if (next) await (row ? m.update(PaymentView, { paymentId }, next) : m.insert(PaymentView, next));
      await this.projectRefund(m, row, event);
      await projectLedger(m, event);
      await this.advanceCheckpoint(m, event);
      return 'applied';
    });
  }

  /**
   * Many events in one transaction: what the bus delivered of a partition at once. The same fold as
   * `handle` (the rebuild's working set, which applies `handle`'s functions and revision guard),
   * with the rows these events touch locked first, in id order, and written back with one statement
   * per table, the postings and balances summed, the checkpoint once. Any gap or failure rolls the
   * whole batch back: the bus then hands the events to `handle` one by one.
   */
  async handleBatch(events: readonly RecordedEvent[]): Promise<{ applied: number; duplicates: number }> {
    const working = new ReadModelWorkingSet(Number.MAX_SAFE_INTEGER, false);
    const { paymentIds, refundIds } = working.missing(events);
    if (paymentIds.length === 0) return { applied: 0, duplicates: events.length };
    return this.dataSource.transaction(async (m) => {
      const rows = await m
        .createQueryBuilder(PaymentView, 'p')
        .where('p.paymentId IN (:...ids)', { ids: paymentIds })
        .orderBy('p.paymentId')
        .setLock('pessimistic_write')
        .getMany();
      const refunds = refundIds.length > 0 ? await m.findBy(PaymentRefundView, { refundId: In(refundIds) }) : [];
      working.load(rows, refunds);
      let applied = 0;
      for (const event of events) if (working.apply(event) === 'applied') applied += 1;
      const changes = working.takeChanges();
      const existing = new Set(rows.map((r) => r.paymentId));
      // New rows by plain INSERT: a row another transaction inserted meanwhile (a rebalance's
      // overlap) fails the batch instead of being overwritten; `handle`'s guard then sorts it out.
      const created = changes.payments.filter((p) => !existing.has(p.paymentId));
      if (created.length > 0) await m.insert(PaymentView, created);
      await upsertEntities(m, PaymentView, changes.payments.filter((p) => existing.has(p.paymentId)));
      await upsertEntities(m, PaymentRefundView, changes.refunds);
      await insertPostings(m, changes.postings);
      if (changes.checkpoint) await advanceCheckpoint(m, this.name, changes.checkpoint, changes.applied);
      return { applied, duplicates: events.length - applied };
    });
  }

  /** A refund event also moves its refund's row; the payment row's lock above serialises it. */
  private async projectRefund(m: EntityManager, row: PaymentView | null, event: RecordedEvent): Promise<void> {
    const refund = refundEventFor(row, event);
    if (!refund) return;
    const current = await m.findOneBy(PaymentRefundView, { refundId: refund.data.refundId });
    const next = applyRefundEvent(current, refund, event);
    if (next) await m.save(PaymentRefundView, next);
  }

  private async advanceCheckpoint(m: EntityManager, event: RecordedEvent): Promise<void> {
    await m.query(
      `INSERT INTO projection_checkpoints (projection, position, events_applied, updated_at)
       VALUES ($1, $2, 1, now())
       ON CONFLICT (projection) DO UPDATE
         SET position = EXCLUDED.position, events_applied = projection_checkpoints.events_applied + 1, updated_at = now()`,
      [this.name, positionToString(event.position)],
    );
  }

  async checkpoint(): Promise<ProjectionCheckpoint | null> {
    return this.dataSource.getRepository(ProjectionCheckpoint).findOneBy({ projection: this.name });
  }
}
