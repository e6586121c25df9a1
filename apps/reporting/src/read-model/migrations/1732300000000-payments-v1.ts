import type { MigrationInterface, QueryRunner } from 'typeorm';

export class PaymentsV11732300000000 implements MigrationInterface {
  name = 'PaymentsV11732300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE payments_v1 (
        payment_id uuid PRIMARY KEY,
        stream_id text NOT NULL UNIQUE,
        status text NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        payer_id text NOT NULL,
        payee_id text NOT NULL,
        method_type text NOT NULL,
        method_masked text NOT NULL,
        order_reference text NOT NULL,
        metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
        version bigint NOT NULL,
        last_event_id uuid NOT NULL,
        requested_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX payments_v1_status_requested_at ON payments_v1 (status, requested_at, payment_id)`);
    await q.query(`
      CREATE TABLE projection_checkpoints (
        projection text PRIMARY KEY,
        position text NOT NULL,
        events_applied bigint NOT NULL DEFAULT 0,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE projection_checkpoints`);
    await q.query(`DROP TABLE payments_v1`);
  }
}
