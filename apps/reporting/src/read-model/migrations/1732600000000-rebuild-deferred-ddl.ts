import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a rebuild from empty took off the read-model tables to write them fast (secondary indexes,
 * the ledger's primary key, autovacuum) and must put back when it finishes: the statements that do
 * so, in order. Stored in the database, in the transaction that drops them, so that a rebuild that
 * is interrupted and resumed later (by another process) still restores them.
 */
export class RebuildDeferredDdl1732600000000 implements MigrationInterface {
  name = 'RebuildDeferredDdl1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE read_model_rebuild_deferred_ddl (
        id int GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        statement text NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE read_model_rebuild_deferred_ddl`);
  }
}
