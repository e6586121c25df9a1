import { comparePositions, type Position } from '@pl/event-store';

/**
 * Where a follower of the global log (the relay) keeps its durable position. `save` is called
 * only for positions already published, so a restart re-publishes at most the last batch.
 */
export interface CheckpointStore {
  load(name: string): Promise<Position | undefined>;
  save(name: string, position: Position): Promise<void>;
}

/** For tests and the embedded runtime: forgets everything with the process. */
export class MemoryCheckpointStore implements CheckpointStore {
  private readonly positions = new Map<string, Position>();

  async load(name: string): Promise<Position | undefined> {
    return this.positions.get(name);
  }

  async save(name: string, position: Position): Promise<void> {
    const current = this.positions.get(name);
    // Checkpoints only move forward, as in the PostgreSQL store.
    if (!current || comparePositions(position, current) > 0) this.positions.set(name, position);
  }
}
