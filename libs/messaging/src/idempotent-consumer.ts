import type { ClientBase, Pool } from 'pg';

/**
 * Delivery is at-least-once; effects must be exactly-once. A consumer records each event it has
 * handled in `processed_messages` inside the same transaction as its effect: a redelivered event
 * hits the unique key, the handler skips it, and the effect is not applied twice.
 */
export async function ensureProcessedMessagesSchema(db: Pool | ClientBase): Promise<void> {
  await db.query(`
    CREATE TABLE IF NOT EXISTS processed_messages (
      consumer     text        NOT NULL,
      event_id     text        NOT NULL,
      processed_at timestamptz NOT NULL DEFAULT now(),
      PRIMARY KEY (consumer, event_id)
    )`);
}

/**
 * Call inside the handler's transaction, before the effect. True the first time; false for a
 * duplicate. A concurrent duplicate waits on the key until the first transaction ends, then sees false.
 */
export async function markProcessed(client: ClientBase, consumer: string, eventId: string): Promise<boolean> {
  const result = await client.query(
    'INSERT INTO processed_messages (consumer, event_id) VALUES ($1, $2) ON CONFLICT DO NOTHING',
    [consumer, eventId],
  );
  return result.rowCount === 1;
}

/**
 * The whole pattern: one transaction that marks the event and, the first time only, applies `effect`.
 * Resolves true when the effect ran. A failing effect rolls the mark back, so a retry runs it again.
 */
export async function processOnce(
  pool: Pool,
  consumer: string,
  eventId: string,
  effect: (client: ClientBase) => Promise<void>,
): Promise<boolean> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const first = await markProcessed(client, consumer, eventId);
    if (first) await effect(client);
    await client.query('COMMIT');
    return first;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
