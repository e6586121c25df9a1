import { Pool } from 'pg';
import type { Position } from '@pl/event-store';
import type { CheckpointStore } from './checkpoint-store';

/**
 * Checkpoints in `relay_checkpoints`, one row per relay name, the position as two bigints.
 * The upsert never moves a checkpoint backwards: a stale save (a relay that lost a race with its
 * successor) cannot make the next start re-publish from further back than necessary.
 */
export class PostgresCheckpointStore implements CheckpointStore {
  private readonly pool: Pool;
  private readonly ownsPool: boolean;

  constructor(connection: string | Pool) {
    this.ownsPool = typeof connection === 'string';
    this.pool = typeof connection === 'string' ? new Pool({ connectionString: connection, max: 2 }) : connection;
    // An idle connection the server closes (restart, a dropped database) is replaced on the next
    // query; unhandled, the pool's 'error' event would bring the whole process down.
    if (this.ownsPool) this.pool.on('error', () => undefined);
  }

  async ensureSchema(): Promise<void> {
    await this.pool.query(`
      CREATE TABLE IF NOT EXISTS relay_checkpoints (
        name             text        PRIMARY KEY,
        commit_position  bigint      NOT NULL,
        prepare_position bigint      NOT NULL,
        updated_at       timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async load(name: string): Promise<Position | undefined> {
    const { rows } = await this.pool.query<{ commit_position: string; prepare_position: string }>(
      'SELECT commit_position, prepare_position FROM relay_checkpoints WHERE name = $1',
      [name],
    );
    const row = rows[0];
    return row ? { commit: BigInt(row.commit_position), prepare: BigInt(row.prepare_position) } : undefined;
  }

  async save(name: string, position: Position): Promise<void> {
    await this.pool.query(
      `INSERT INTO relay_checkpoints AS c (name, commit_position, prepare_position) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET commit_position = EXCLUDED.commit_position,
         prepare_position = EXCLUDED.prepare_position, updated_at = now()
       WHERE (c.commit_position, c.prepare_position) < (EXCLUDED.commit_position, EXCLUDED.prepare_position)`,
      [name, position.commit.toString(), position.prepare.toString()],
    );
  }

  async ping(): Promise<void> {
    await this.pool.query('SELECT 1');
  }

  async close(): Promise<void> {
    if (this.ownsPool) await this.pool.end();
  }
}
