import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ledger read model: every posting of every journal entry, and running balances per account. */
export class LedgerV11732400000000 implements MigrationInterface {
  name = 'LedgerV11732400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE ledger_postings_v1 (
        entry_id text NOT NULL,
        leg int NOT NULL,
        event_id uuid NOT NULL,
        stream_id text NOT NULL,
        account text NOT NULL,
        side text NOT NULL CHECK (side IN ('debit', 'credit')),
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        posted_at timestamptz NOT NULL,
        PRIMARY KEY (entry_id, leg)
      )`);
    await q.query(`CREATE INDEX ledger_postings_v1_account ON ledger_postings_v1 (account, currency)`);
    await q.query(`
      CREATE TABLE account_balances_v1 (
        account text NOT NULL,
        currency char(3) NOT NULL,
        debit_minor bigint NOT NULL DEFAULT 0,
        credit_minor bigint NOT NULL DEFAULT 0,
        PRIMARY KEY (account, currency)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE account_balances_v1`);
    await q.query(`DROP TABLE ledger_postings_v1`);
  }
}
