import { In, type DataSource, type EntityManager } from 'typeorm';
import { positionFromString, START, type EventStore, type RecordedEvent } from '@pl/event-store';
import { PaymentRefundView } from '../read-model/payment-refund-view.entity';
import { PaymentView } from '../read-model/payment-view.entity';
import { ProjectionCheckpoint } from '../read-model/projection-checkpoint.entity';
import { advanceCheckpoint, insertPostings, upsertEntities } from './batch-writes';
import { ReadModelWorkingSet, type PageChanges } from './working-set';

/** Events folded between two turns of the event loop (see the fold below). */
const FOLD_SLICE = 1_000;

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
  /** Where the time went: waiting for the log, folding in memory (with the turns it yields to the write), writing (and committing) pages, building the deferred indexes at the end. */
  readonly phases: { readonly readWait: number; readonly fold: number; readonly write: number; readonly indexes: number };
}

/**
 * Rebuilds payments_v1, payment_refunds_v1 and the ledger from the event log alone, with the live
 * projection's own fold (see working-set.ts), but a page of the log per transaction instead of one
 * event: rows folded in memory, then written with one statement per table, with the checkpoint in
 * the same transaction. It starts after the read model's checkpoint (an interrupted rebuild goes on
 * where it stopped; an empty read model starts from the beginning) and stops at the end of the
 * log as it is visible now. From empty, the indexes it does not need are dropped first and built
 * once at the end (see deferIndexes), by this run or by the run that resumes it.
 */
export async function rebuildReadModels(options: RebuildOptions): Promise<RebuildProgress> {
  const { store, readModel } = options;
  const pageSize = options.pageSize ?? 20_000;
  const projection = options.projection ?? 'payments_v1';
  const started = process.hrtime.bigint();
  const checkpoint = await readModel.getRepository(ProjectionCheckpoint).findOneBy({ projection });
  const fromEmpty = !checkpoint && !(await readModel.getRepository(PaymentView).exists());
  const working = new ReadModelWorkingSet(options.maxCachedRows ?? 20_000, fromEmpty);
  if (fromEmpty) await readModel.transaction(deferIndexes);
  let after = checkpoint ? positionFromString(checkpoint.position) : START;
  let events = 0;
  let applied = 0;
  const phases = { readWait: 0, fold: 0, write: 0, indexes: 0 };
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

  let failed = true;
  try {
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
      for (let i = 0; i < page.length; i++) {
        working.apply(page[i]!);
        // Node runs the fold and the previous page's write on one thread: yield now and then, so that
        // each of the write's statements goes out when the one before returns, not after the whole fold.
        if (i % FOLD_SLICE === FOLD_SLICE - 1) await new Promise((resolve) => setImmediate(resolve));
      }
      const changes = working.takeChanges();
      phases.fold += seconds(folding);
      await awaitWrite();
      writing = write(changes, page.length);
      writing.catch(() => undefined); // awaited before the next write; reading meanwhile must not leave it unhandled
      if (page.length < pageSize) break;
    }
    await awaitWrite();
    failed = false;
  } finally {
    // Also after a failure, so that the read model keeps its indexes (only a killed process leaves
    // them deferred, for the next run to restore). A failure of its own does not hide the first one.
    const building = process.hrtime.bigint();
    const restored = readModel.transaction(restoreDeferredIndexes);
    await (failed ? restored.catch(() => undefined) : restored);
    phases.indexes += seconds(building);
  }
  return progress();
}

/**
 * The tables whose indexes a rebuild from empty builds once, at the end, instead of row by row:
 * inserting a million postings into two B-trees (one keyed by random `journal-<uuid>` ids) costs
 * the single backend that writes the pages several times what sorting them once does. The primary
 * keys the rebuild itself uses stay: payments and refunds are upserted on them and read back by them.
 * Autovacuum is off on these tables meanwhile (it would scan them again and again as they grow).
 */
const DEFERRED = [
  { table: 'payments_v1', keepPrimaryKey: true },
  { table: 'payment_refunds_v1', keepPrimaryKey: true },
  { table: 'ledger_postings_v1', keepPrimaryKey: false },
] as const;

/**
 * Drops the deferred tables' indexes (and unique constraints) and stores the statements that bring
 * them back, from the catalog (so an index a later migration adds is deferred too), in the same
 * transaction: whichever run finishes the rebuild, even after a crash, restores them.
 */
async function deferIndexes(m: EntityManager): Promise<void> {
  const restore: string[] = [];
  for (const { table, keepPrimaryKey } of DEFERRED) {
    const indexes = await m.query<{ drop: string; create: string; primary: boolean }[]>(
      `SELECT x.indisprimary AS primary,
              CASE WHEN c.oid IS NULL THEN format('DROP INDEX %I.%I', n.nspname, i.relname)
                   ELSE format('ALTER TABLE %s DROP CONSTRAINT %I', x.indrelid::regclass, c.conname) END AS drop,
              CASE WHEN c.oid IS NULL THEN pg_get_indexdef(x.indexrelid)
                   ELSE format('ALTER TABLE %s ADD CONSTRAINT %I %s', x.indrelid::regclass, c.conname, pg_get_constraintdef(c.oid)) END AS create
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_namespace n ON n.oid = i.relnamespace
       LEFT JOIN pg_constraint c ON c.conindid = x.indexrelid AND c.conrelid = x.indrelid AND c.contype IN ('p', 'u')
       WHERE x.indrelid = $1::regclass ORDER BY i.relname`,
      [table],
    );
    for (const index of indexes.filter((i) => !(i.primary && keepPrimaryKey))) {
      await m.query(index.drop);
      restore.push(index.create);
    }
    const [own] = await m.query<{ set: boolean }[]>(
      `SELECT coalesce(bool_or(o LIKE 'autovacuum_enabled=%'), false) AS set FROM pg_class, unnest(coalesce(reloptions, '{}')) o WHERE oid = $1::regclass`,
      [table],
    );
    if (!own?.set) {
      // Left alone when someone chose a value for this table; RESET goes back to the server's default.
      await m.query(`ALTER TABLE ${table} SET (autovacuum_enabled = false)`);
      restore.push(`ALTER TABLE ${table} RESET (autovacuum_enabled)`);
    }
  }
  if (restore.length > 0) await m.query('INSERT INTO read_model_rebuild_deferred_ddl (statement) SELECT unnest($1::text[])', [restore]);
}

/**
 * Runs (in order) and forgets the statements deferIndexes stored. No ANALYZE here: autovacuum, on
 * again, analyzes (and vacuums) the tables at its next round, as they changed far past its thresholds.
 */
async function restoreDeferredIndexes(m: EntityManager): Promise<void> {
  const pending = await m.query<{ statement: string }[]>('SELECT statement FROM read_model_rebuild_deferred_ddl ORDER BY id FOR UPDATE');
  if (pending.length === 0) return;
  // Sorts for a million rows fit in memory with this (the default, 64 MB, spills to disk); this transaction only.
  await m.query(`SET LOCAL maintenance_work_mem = '512MB'`);
  for (const { statement } of pending) await m.query(statement);
  await m.query('DELETE FROM read_model_rebuild_deferred_ddl');
}

/** Empties every table the rebuild writes, for a rebuild from the start into the same database. */
export async function truncateReadModels(readModel: DataSource): Promise<void> {
  await readModel.query(`TRUNCATE ${REBUILT_TABLES.join(', ')}`);
}
