import { In, type DataSource } from 'typeorm';
import { positionFromString, START, type EventStore, type RecordedEvent } from '@pl/event-store';
import { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import { PaymentView } from '../read-model/payment-view.entity';
import { ProjectionCheckpoint } from '../read-model/projection-checkpoint.entity';
import { advanceCheckpoint, insertPostings, upsertEntities } from './batch-writes';
import { ReadModelWorkingSet, type PageChanges } from './working-set';

/** The tables a rebuild writes (and `truncateReadModels` empties). */
export const REBUILT_TABLES = ['payments_v1', 'payment_refunds_v1', 'ledger_postings_v1', 'account_balances_v1', 'projection_checkpoints'] as const;

export interface RebuildOptions {
  readonly store: EventStore;
  /** The read model to rebuild into (migrated). Nothing else may project into it meanwhile. */
  readonly readModel: DataSource;
  /** Events read, folded and written per transaction. Default 20,000. */
  readonly pageSize?: number;
  /** Rows kept in memory between pages; older ones are read back when their payment shows up again. Default 20,000. */
  readonly maxCachedRows?: number;
  /** The live projector's name: the checkpoint row a rebuilt read model resumes from. */
  readonly projection?: string;
  readonly onPage?: (progress: RebuildProgress) => void;
}

export interface RebuildProgress {
  readonly events: number;
  readonly applied: number;
  readonly seconds: number;
  /** Where the time went: waiting for the log, folding in memory, writing (and committing) pages. */
  readonly phases: { readonly readWait: number; readonly fold: number; readonly write: number };
}

/**
 * Rebuilds payments_v1, payment_refunds_v1 and the ledger from the event log alone, with the live
 * projection's own fold (see working-set.ts), but a page of the log per transaction instead of one
 * event: rows folded in memory, then written with one statement per table, with the checkpoint in
 * the same transaction. It starts after the read model's checkpoint (an interrupted rebuild goes on
 * where it stopped; an empty read model starts from the beginning) and stops at the end of the
 * log as it is visible now.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildProgress> {
  const { store, readModel } = options;
  const pageSize = options.pageSize ?? 20_000;
  const projection = options.projection ?? 'payments_v1';
  const started = process.hrtime.bigint();
  const checkpoint = await readModel.getRepository(ProjectionCheckpoint).findOneBy({ projection });
  const fromEmpty = !checkpoint && !(await readModel.getRepository(PaymentView).exists());
  const working = new ReadModelWorkingSet(options.maxCachedRows ?? 20_000, fromEmpty);
  let after = checkpoint ? positionFromString(checkpoint.position) : START;
  let events = 0;
  let applied = 0;
  const phases = { readWait: 0, fold: 0, write: 0 };
  const seconds = (since: bigint) => Number(process.hrtime.bigint() - since) / 1e9;
  const progress = (): RebuildProgress => ({ events, applied, seconds: seconds(started), phases: { ...phases } });

  const write = (changes: PageChanges, pageEvents: number) =>
    readModel.transaction(async (m) => {
      await upsertEntities(m, PaymentView, changes.payments);
      await upsertEntities(m, PaymentRefundView, changes.refunds);
      await insertPostings(m, changes.postings);
      if (changes.checkpoint) await advanceCheckpoint(m, projection, changes.checkpoint, changes.applied);
    }).then(() => {
      events += pageEvents;
      applied += changes.applied;
      options.onPage?.(progress());
    });

  // Three stages overlap: the next page is read while this one is folded, and folded while the
  // previous one is written. Pages still commit one after the other, in log order.
  let next: Promise<RecordedEvent[]> = store.readAll({ after, maxCount: pageSize });
  let writing: Promise<void> = Promise.resolve();
  const awaitWrite = async () => {
    const t = process.hrtime.bigint();
    await writing;
    phases.write += seconds(t);
  };
  for (;;) {
    const t = process.hrtime.bigint();
    const page = await next;
    phases.readWait += seconds(t);
    if (page.length === 0) break;
    after = page.at(-1)!.position;
    if (page.length === pageSize) {
      next = store.readAll({ after, maxCount: pageSize });
      next.catch(() => undefined); // awaited on the next turn; a failing write must not leave it unhandled
    }
    const missing = working.missing(page);
    if (missing.paymentIds.length > 0 || missing.refundIds.length > 0) {
      await awaitWrite(); // rows to read back were written by earlier pages: let the last one commit
      working.load(
        missing.paymentIds.length > 0 ? await readModel.manager.findBy(PaymentView, { paymentId: In(missing.paymentIds) }) : [],
        missing.refundIds.length > 0 ? await readModel.manager.findBy(PaymentRefundView, { refundId: In(missing.refundIds) }) : [],
      );
    }
    const folding = process.hrtime.bigint();
    for (const event of page) working.apply(event);
    const changes = working.takeChanges();
    phases.fold += seconds(folding);
    await awaitWrite();
    writing = write(changes, page.length);
    writing.catch(() => undefined); // awaited before the next write; reading meanwhile must not leave it unhandled
    if (page.length < pageSize) break;
  }
  await awaitWrite();
  return progress();
}

/** Empties every table the rebuild writes, for a rebuild from the start into the same database. */
export async function truncateReadModels(readModel: DataSource): Promise<void> {
  await readModel.query(`TRUNCATE ${REBUILT_TABLES.join(', ')}`);
}
