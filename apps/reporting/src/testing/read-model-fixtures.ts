import { Client } from 'pg';
import { START, type EventStore, type RecordedEvent } from '@pl/event-store';
import type { PaymentLifecycle } from '@pl/testing';
import { REBUILT_TABLES } from '../rebuild/rebuild-read-models';

/** Every row of every rebuilt table, in primary-key order; the checkpoint's wall-clock time left out. */
export async function snapshot(url: string): Promise<Record<string, unknown[]>> {
  const order: Record<(typeof REBUILT_TABLES)[number], string> = {
    payments_v1: 'payment_id',
    payment_refunds_v1: 'refund_id',
    ledger_postings_v1: 'entry_id, leg',
    account_balances_v1: 'account, currency',
    projection_checkpoints: 'projection',
  };
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const tables: Record<string, unknown[]> = {};
    for (const table of REBUILT_TABLES) {
      const { rows } = await client.query<Record<string, unknown>>(`SELECT * FROM ${table} ORDER BY ${order[table]}`);
      tables[table] = rows.map(({ updated_at, ...rest }) => (table === 'projection_checkpoints' ? rest : { updated_at, ...rest }));
    }
    return tables;
  } finally {
    await client.end();
  }
}

/** The payments' events appended one per append as the services do, 8 at a time, so streams interleave in the log. */
export async function appendInterleaved(store: EventStore, lifecycles: readonly PaymentLifecycle[]): Promise<number> {
  let appended = 0;
  const longest = Math.max(...lifecycles.map((l) => l.events.length));
  for (let revision = 0; revision < longest; revision++) {
    const due = lifecycles.filter((l) => l.events.length > revision);
    for (let i = 0; i < due.length; i += 8) {
      await Promise.all(
        due.slice(i, i + 8).map((l) => store.append(l.streamId, [l.events[revision]!], { expectedRevision: revision === 0 ? 'no_stream' : BigInt(revision - 1) })),
      );
      appended += Math.min(8, due.length - i);
    }
  }
  return appended;
}

export async function wholeLog(store: EventStore): Promise<RecordedEvent[]> {
  const log: RecordedEvent[] = [];
  for (let after = START; ; ) {
    const page = await store.readAll({ after, maxCount: 500 });
    if (page.length === 0) return log;
    log.push(...page);
    after = page.at(-1)!.position;
  }
}

/** The read model's indexes and constraints, and the tables' storage options, as the catalog has them. */
export async function schemaOf(url: string): Promise<unknown[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<Record<string, unknown>>(
      `SELECT t.relname AS table, i.relname AS index, pg_get_indexdef(x.indexrelid) AS definition, t.reloptions AS options
       FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
       WHERE t.relname = ANY($1) ORDER BY 1, 2`,
      [[...REBUILT_TABLES]],
    );
    return rows;
  } finally {
    await client.end();
  }
}
