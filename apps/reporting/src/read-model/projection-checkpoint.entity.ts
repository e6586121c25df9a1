import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Where a projection stands in the global log; written in the same transaction as its rows. */
@Entity({ name: 'projection_checkpoints' })
export class ProjectionCheckpoint {
  @PrimaryColumn({ type: 'text' })
  projection!: string;

  /** The last applied event's global position, "commit/prepare". */
  @Column({ type: 'text' })
  position!: string;

  @Column({ name: 'events_applied', type: 'bigint' })
  eventsApplied!: string;

  @Column({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
