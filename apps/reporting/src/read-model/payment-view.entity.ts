import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * One row per payment, folded from its stream. The table name carries a version so that a new
 * shape can be rebuilt from the log beside the live one and swapped in.
 */
@Entity({ name: 'payments_v1' })
export class PaymentView {
  @PrimaryColumn({ name: 'payment_id', type: 'uuid' })
  paymentId!: string;

  @Column({ name: 'stream_id', type: 'text' })
  streamId!: string;

  @Column({ type: 'text' })
  status!: string;

  /** bigint minor units; pg returns int8 as a string, and it stays a string (never a JS number). */
  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ name: 'payer_id', type: 'text' })
  payerId!: string;

  @Column({ name: 'payee_id', type: 'text' })
  payeeId!: string;

  @Column({ name: 'method_type', type: 'text' })
  methodType!: string;

  @Column({ name: 'method_masked', type: 'text' })
  methodMasked!: string;

  @Column({ name: 'order_reference', type: 'text' })
  orderReference!: string;

  /** Paid back by the bank, for good. */
  @Column({ name: 'refunded_minor', type: 'bigint', default: '0' })
  refundedMinor!: string;

  /** Reserved for refunds the bank has neither paid nor been released from. */
  @Column({ name: 'refund_pending_minor', type: 'bigint', default: '0' })
  refundPendingMinor!: string;

  /** Computed by PostgreSQL (a generated column): amount − refunded − pending when settled, else 0. Never written. */
  @Column({ name: 'refundable_minor', type: 'bigint', insert: false, update: false })
  refundableMinor!: string;

  @Column({ type: 'jsonb' })
  metadata!: Record<string, string>;

  /** The stream revision last applied: the projection's per-row guard against duplicates. */
  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'last_event_id', type: 'uuid' })
  lastEventId!: string;

  @Column({ name: 'requested_at', type: 'timestamptz' })
  requestedAt!: Date;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
