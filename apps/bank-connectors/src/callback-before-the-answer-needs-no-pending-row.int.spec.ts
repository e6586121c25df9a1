import { eventually } from '@pl/testing';
import { startTestbed, type Testbed } from './testing/testbed';

/**
 * A fast bank (a wallet, the sandbox) can call back before its answer to the submission is back:
 * the connector that handled the callback knows the outcome is in the stream, so when the answer
 * comes it writes no pending row for the poller (and deletes none). Counted by triggers on the
 * table, since a row written and deleted again leaves nothing to see: rows written, and DELETE
 * statements (a statement trigger fires for a DELETE that finds nothing, too).
 */
describe('a callback handled before the bank answered the submission needs no pending row', () => {
  const deletes = async () => Number((await bed.query<{ n: string }>('SELECT count(*)::text AS n FROM pending_deletes'))[0]!.n);

  let bed: Testbed;

  beforeAll(async () => {
    // The bank records and calls back at once, then holds its answer 1.5 s (the connector waits 5 s,
    // and asks the bank only after 10 s without a callback: the poller stays out of these counts).
    bed = await startTestbed({ bankTimeoutMs: 5_000, callbackGraceMs: 10_000 }, (sandbox) => sandbox.configure('CCB', { timeoutRate: 1, timeoutMs: 1_500 }));
    await bed.query(`CREATE TABLE pending_written (order_no text NOT NULL)`);
    await bed.query(`CREATE FUNCTION log_pending_written() RETURNS trigger LANGUAGE plpgsql AS $f$
                     BEGIN INSERT INTO pending_written VALUES (NEW.order_no); RETURN NEW; END $f$`);
    await bed.query(`CREATE TRIGGER pending_written AFTER INSERT OR UPDATE ON connector_pending FOR EACH ROW EXECUTE FUNCTION log_pending_written()`);
    await bed.query(`CREATE TABLE pending_deletes (at timestamptz NOT NULL DEFAULT now())`);
    await bed.query(`CREATE FUNCTION log_pending_delete() RETURNS trigger LANGUAGE plpgsql AS $f$
                     BEGIN INSERT INTO pending_deletes DEFAULT VALUES; RETURN NULL; END $f$`);
    await bed.query(`CREATE TRIGGER pending_deletes AFTER DELETE ON connector_pending FOR EACH STATEMENT EXECUTE FUNCTION log_pending_delete()`);
  });
  beforeEach(() => bed.query('DELETE FROM pending_written; DELETE FROM pending_deletes'));
  afterAll(() => bed?.close());

  it('given the callback first, when the answer comes, then the payment settles once and no pending row was ever written', async () => {
    const routedAt = Date.now();
    const paymentId = await bed.routedPayment('CCB');

    await bed.waitForStatus(paymentId, 'settled');
    // The held answer lands 1.5 s after the submission; give it time to be handled.
    await new Promise((r) => setTimeout(r, Math.max(0, routedAt + 2_500 - Date.now())));

    expect(await bed.sandbox.stats('CCB')).toMatchObject({ submissions: 1, charges: 1, callbacksSent: 1 });
    expect(await bed.query('SELECT order_no FROM pending_written')).toEqual([]);
    expect(await deletes()).toBe(0);
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });

  it('given the answer first (the callback held back), when it comes, then the row is written and the callback removes it', async () => {
    await bed.sandbox.configure('CCB', { timeoutRate: 0, callback: { mode: 'late', delayMs: 1_500 } });
    const paymentId = await bed.routedPayment('CCB');

    await bed.waitForStatus(paymentId, 'settled');
    await eventually(async () => ((await bed.query('SELECT * FROM connector_pending')).length === 0 ? true : undefined), 5_000, 'the row removed');

    expect(await bed.query('SELECT order_no FROM pending_written')).toEqual([{ order_no: `${paymentId}:1` }]);
    expect(await deletes()).toBe(1);
    expect(await bed.query('SELECT * FROM connector_pending')).toEqual([]);
  });

  it('given the callback while the row is being written, when both are done, then the row is removed once, by the submission', async () => {
    // The callback 300 ms after the answer; writing the row takes a second.
    await bed.sandbox.configure('CCB', { callback: { mode: 'normal' }, processingMs: 300 });
    await bed.query(`CREATE FUNCTION slow_pending() RETURNS trigger LANGUAGE plpgsql AS $f$ BEGIN PERFORM pg_sleep(1); RETURN NEW; END $f$`);
    await bed.query(`CREATE TRIGGER slow_pending BEFORE INSERT ON connector_pending FOR EACH ROW EXECUTE FUNCTION slow_pending()`);
    const paymentId = await bed.routedPayment('CCB');

    await bed.waitForStatus(paymentId, 'settled');
    await eventually(async () => ((await bed.query('SELECT * FROM connector_pending')).length === 0 && (await deletes()) > 0 ? true : undefined), 5_000, 'the row removed');

    expect(await bed.query('SELECT order_no FROM pending_written')).toEqual([{ order_no: `${paymentId}:1` }]);
    expect(await deletes()).toBe(1);
  });
});
