import { Client } from 'pg';
import { startOutcomesBed, type OutcomesBed } from '../testing/outcomes-bed';

/**
 * Under load the bank's answers and callbacks come in bunches: the pending rows they write and
 * remove at the same time share a statement, and leave the table exactly as the same calls one
 * after another would. Statements are counted by statement-level triggers.
 */
describe('pending rows written together share a statement', () => {
  let bed: OutcomesBed;
  let db: Client;
  const statements = async (kind: 'INSERT' | 'DELETE') =>
    Number((await db.query<{ n: string }>('SELECT count(*)::text AS n FROM pending_statements WHERE kind = $1', [kind])).rows[0]!.n);
  const row = (orderNo: string, answer: 'accepted' | 'unknown', nextCheckAt: string) => ({
    orderNo,
    paymentId: orderNo.split(':')[0]!,
    attempt: Number(orderNo.split(':')[1]),
    channel: 'CCB',
    answer,
    submittedAt: new Date('2026-12-07T10:00:00Z'),
    nextCheckAt: new Date(nextCheckAt),
  });

  beforeAll(async () => {
    bed = await startOutcomesBed('pending_coalesced');
    db = new Client({ connectionString: bed.runtime.databaseUrl });
    await db.connect();
    await db.query('CREATE TABLE pending_statements (kind text NOT NULL)');
    await db.query(`CREATE FUNCTION log_pending_statement() RETURNS trigger LANGUAGE plpgsql AS $f$
                    BEGIN INSERT INTO pending_statements VALUES (TG_OP); RETURN NULL; END $f$`);
    await db.query('CREATE TRIGGER pending_statements AFTER INSERT OR DELETE ON connector_pending FOR EACH STATEMENT EXECUTE FUNCTION log_pending_statement()');
  });
  afterAll(async () => {
    await db?.end();
    await bed?.close();
  });

  it('writes a bunch of rows in fewer statements, merging two writes of one order as one after the other would', async () => {
    // Already known accepted: a later "no answer" must not downgrade it.
    await bed.pending.upsertPending(row('pay-known:1', 'accepted', '2026-12-07T10:00:30Z'));
    await db.query('DELETE FROM pending_statements');

    const orders = Array.from({ length: 20 }, (_, i) => `pay-${i}:1`);
    await Promise.all([
      ...orders.map((o) => bed.pending.upsertPending(row(o, 'accepted', '2026-12-07T10:00:10Z'))),
      // One order twice in the bunch: no answer (ask in 10 s), then accepted (ask in 5 s).
      bed.pending.upsertPending(row('pay-twice:1', 'unknown', '2026-12-07T10:00:10Z')),
      bed.pending.upsertPending(row('pay-twice:1', 'accepted', '2026-12-07T10:00:05Z')),
      bed.pending.upsertPending(row('pay-known:1', 'unknown', '2026-12-07T10:00:20Z')),
    ]);

    expect(await statements('INSERT')).toBeLessThanOrEqual(2);
    const { rows } = await db.query<{ order_no: string; answer: string; next_check_at: Date }>('SELECT order_no, answer, next_check_at FROM connector_pending ORDER BY order_no');
    expect(rows).toHaveLength(22);
    expect(rows.find((r) => r.order_no === 'pay-twice:1')).toEqual({ order_no: 'pay-twice:1', answer: 'accepted', next_check_at: new Date('2026-12-07T10:00:05Z') });
    expect(rows.find((r) => r.order_no === 'pay-known:1')).toEqual({ order_no: 'pay-known:1', answer: 'accepted', next_check_at: new Date('2026-12-07T10:00:20Z') });
    expect(rows.filter((r) => r.order_no.match(/^pay-\d+:1$/)).every((r) => r.answer === 'accepted')).toBe(true);
    expect(await bed.pending.pending('pay-3:1')).toMatchObject({ paymentId: 'pay-3', attempt: 1, channel: 'CCB', checks: 0 });
  });

  it('removes a bunch of rows in fewer statements, and each removal resolves once its row is gone', async () => {
    await db.query('DELETE FROM pending_statements');
    const orders = Array.from({ length: 20 }, (_, i) => `pay-${i}:1`);
    await Promise.all(
      orders.map(async (o) => {
        await bed.pending.removePending(o);
        expect(await bed.pending.pending(o)).toBeUndefined();
      }),
    );
    expect(await statements('DELETE')).toBeLessThanOrEqual(2);
    const { rows } = await db.query<{ order_no: string }>('SELECT order_no FROM connector_pending ORDER BY order_no');
    expect(rows.map((r) => r.order_no)).toEqual(['pay-known:1', 'pay-twice:1']);
  });

  it('sends a lone write as its own statement', async () => {
    await db.query('DELETE FROM pending_statements');
    await bed.pending.removePending('pay-twice:1');
    await bed.pending.upsertPending(row('pay-alone:1', 'accepted', '2026-12-07T10:00:10Z'));
    expect([await statements('DELETE'), await statements('INSERT')]).toEqual([1, 1]);
    expect(await bed.pending.pending('pay-twice:1')).toBeUndefined();
    expect(await bed.pending.pending('pay-alone:1')).toMatchObject({ answer: 'accepted' });
  });
});
