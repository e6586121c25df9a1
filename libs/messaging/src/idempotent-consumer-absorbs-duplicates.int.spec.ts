import { randomUUID } from 'node:crypto';
import { Pool } from 'pg';
import { createTestDatabase } from '@pl/testing';
import { ensureProcessedMessagesSchema, processOnce } from './idempotent-consumer';

/**
 * Given a consumer that records each event id in its effect's transaction, when the same event is
 * delivered again (in sequence, concurrently, or after a failed attempt), then the effect happens once.
 */
describe('the idempotent consumer turns at-least-once delivery into one effect per event', () => {
  let db: { url: string; drop(): Promise<void> };
  let pool: Pool;
  const effects = async () => Number((await pool.query<{ n: string }>('SELECT count(*) AS n FROM effects')).rows[0]?.n);
  const apply = (eventId: string, fail = false) =>
    processOnce(pool, 'test-consumer', eventId, async (tx) => {
      await tx.query('INSERT INTO effects (event_id) VALUES ($1)', [eventId]);
      if (fail) throw new Error('effect failed half-way');
    });

  beforeAll(async () => {
    db = await createTestDatabase('idem');
    pool = new Pool({ connectionString: db.url, max: 6 });
    await ensureProcessedMessagesSchema(pool);
    await ensureProcessedMessagesSchema(pool); // idempotent itself: every instance runs it at start-up
    await pool.query('CREATE TABLE effects (event_id text NOT NULL)');
  });
  afterAll(async () => {
    await pool?.end();
    await db?.drop();
  });
  beforeEach(() => pool.query('TRUNCATE effects, processed_messages'));

  it('skips a redelivery', async () => {
    const id = randomUUID();
    expect(await apply(id)).toBe(true);
    expect(await apply(id)).toBe(false);
    expect(await effects()).toBe(1);
  });

  it('lets exactly one of five concurrent deliveries apply the effect', async () => {
    const id = randomUUID();
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => apply(id)));
    expect(outcomes.filter(Boolean)).toHaveLength(1);
    expect(await effects()).toBe(1);
  });

  it('forgets a delivery whose effect failed, so the retry applies it', async () => {
    const id = randomUUID();
    await expect(apply(id, true)).rejects.toThrow('half-way');
    expect(await effects()).toBe(0);
    expect(await apply(id)).toBe(true);
    expect(await effects()).toBe(1);
  });

  it('keeps consumers apart: the same event counts once for each', async () => {
    const id = randomUUID();
    expect(await apply(id)).toBe(true);
    expect(await processOnce(pool, 'another-consumer', id, async () => undefined)).toBe(true);
  });
});
