import { Column, Entity, PrimaryColumn } from 'typeorm';

export type RefundRowStatus = 'pending' | 'refunded' | 'released';

/**
 * One row per refund of a payment, folded from the refund events on the payment's stream.
 * Amounts are bigint minor units kept as digit strings; times are the events' own.
 */
@Entity({ name: 'payment_refunds_v1' })
export class PaymentRefundView {
  @PrimaryColumn({ name: 'refund_id', type: 'uuid' })
  refundId!: string;

  @Column({ name: 'payment_id', type: 'uuid' })
  paymentId!: string;

  @Column({ name: 'amount_minor', type: 'bigint' })
  amountMinor!: string;

  @Column({ type: 'char', length: 3 })
  currency!: string;

  @Column({ type: 'text' })
  channel!: string;

  /** pending: reserved, neither paid by the bank nor released. */
  @Column({ type: 'text' })
  status!: RefundRowStatus;

  @Column({ name: 'release_reason', type: 'text', nullable: true })
  releaseReason!: string | null;

  @Column({ name: 'bank_refund_id', type: 'text', nullable: true })
  bankRefundId!: string | null;

  @Column({ name: 'reserved_at', type: 'timestamptz' })
  reservedAt!: Date;

  @Column({ name: 'resolved_at', type: 'timestamptz', nullable: true })
  resolvedAt!: Date | null;

  /** The payment stream's revision of the reservation: refunds list oldest first by it. */
  @Column({ name: 'reserved_revision', type: 'bigint' })
  reservedRevision!: string;

  /** The payment stream's revision and event last applied to this row, for audit. */
  @Column({ type: 'bigint' })
  version!: string;

  @Column({ name: 'last_event_id', type: 'uuid' })
  lastEventId!: string;
}
