import { DataSource } from 'typeorm';
import { PaymentsV11732300000000 } from './migrations/1732300000000-payments-v1';
import { LedgerV11732400000000 } from './migrations/1732400000000-ledger-v1';
import { PaymentRefundsV11732500000000 } from './migrations/1732500000000-payment-refunds-v1';
import { RebuildDeferredDdl1732600000000 } from './migrations/1732600000000-rebuild-deferred-ddl';
import { PaymentRefundView } from './payment-refund-view.entity';
import { PaymentView } from './payment-view.entity';
import { ProjectionCheckpoint } from './projection-checkpoint.entity';

export const READ_MODEL_ENTITIES = [PaymentView, PaymentRefundView, ProjectionCheckpoint];

/**
 * The read models' database. Schema changes only through migrations (never `synchronize`),
 * run at start-up under TypeORM's own lock so several replicas can start together.
 */
export async function openReadModel(url: string): Promise<DataSource> {
  const dataSource = new DataSource({
    type: 'postgres',
    url,
    entities: READ_MODEL_ENTITIES,
    migrations: [PaymentsV11732300000000, LedgerV11732400000000, PaymentRefundsV11732500000000, RebuildDeferredDdl1732600000000],
    migrationsTableName: 'read_model_migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    logging: ['error'],
    extra: { max: 10 },
  });
  await dataSource.initialize();
  await dataSource.runMigrations();
  return dataSource;
}
