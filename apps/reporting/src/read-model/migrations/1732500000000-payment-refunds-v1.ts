import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Refunds in the read model: what each payment has refunded and holds reserved, what is still
 * refundable, and one row per refund with its outcome.
 *
 * refundable_minor is a stored generated column, not a value the projection writes: it cannot
 * disagree with the amounts it is made of, a rebuild reproduces it for free, and SQL reports can
 * filter and sum on it. Only a settled payment has anything to refund (the domain's rule).
 *
 * Rows projected before this migration start at 0: a payment stream that already holds refund
 * events needs payments_v1 rebuilt from the log to show them.
 */
export class PaymentRefundsV11732500000000 implements MigrationInterface {
  name = 'PaymentRefundsV11732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE payments_v1
        ADD COLUMN refunded_minor bigint NOT NULL DEFAULT 0 CHECK (refunded_minor >= 0),
        ADD COLUMN refund_pending_minor bigint NOT NULL DEFAULT 0 CHECK (refund_pending_minor >= 0),
        ADD COLUMN refundable_minor bigint GENERATED ALWAYS AS (
          CASE WHEN status = 'settled' THEN amount_minor - refunded_minor - refund_pending_minor ELSE 0 END
        ) STORED`);
    // The domain never lets reserved + refunded pass the captured amount; the read model says so too.
    await q.query(`ALTER TABLE payments_v1 ADD CONSTRAINT payments_v1_refunds_within_amount CHECK (refunded_minor + refund_pending_minor <= amount_minor)`);
    await q.query(`
      CREATE TABLE payment_refunds_v1 (
        refund_id uuid PRIMARY KEY,
        payment_id uuid NOT NULL,
        amount_minor bigint NOT NULL CHECK (amount_minor > 0),
        currency char(3) NOT NULL,
        channel text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending', 'refunded', 'released')),
        release_reason text NULL,
        bank_refund_id text NULL,
        reserved_at timestamptz NOT NULL,
        resolved_at timestamptz NULL,
        reserved_revision bigint NOT NULL,
        version bigint NOT NULL,
        last_event_id uuid NOT NULL,
        CHECK ((status = 'pending') = (resolved_at IS NULL))
      )`);
    await q.query(`CREATE INDEX payment_refunds_v1_payment ON payment_refunds_v1 (payment_id, reserved_revision)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE payment_refunds_v1`);
    await q.query(`ALTER TABLE payments_v1 DROP CONSTRAINT payments_v1_refunds_within_amount`);
    await q.query(`ALTER TABLE payments_v1 DROP COLUMN refundable_minor, DROP COLUMN refund_pending_minor, DROP COLUMN refunded_minor`);
  }
}
