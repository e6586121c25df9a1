import { createEventStore } from '@pl/event-store';
import { Client } from 'pg';
import { openReadModel } from '../../../apps/reporting/src/read-model/data-source';
import { REBUILT_TABLES, rebuildReadModels } from '../../../apps/reporting/src/rebuild/rebuild-read-models';

/**
 * The tables compared row for row. projection_checkpoints is not: over Kafka the live projector
 * applies partitions side by side, so the position it saw last is not the log's last position.
 */
const KEYS: Partial<Record<(typeof REBUILT_TABLES)[number], string>> = {
  payments_v1: 'payment_id',
  payment_refunds_v1: 'refund_id',
  ledger_postings_v1: 'entry_id, leg',
  account_balances_v1: 'account, currency',
};

type Row = Record<string, unknown>;

async function rows(client: Client, table: string, key: string): Promise<Map<string, Row>> {
  const { rows: all } = await client.query<Row>(`SELECT * FROM ${table} ORDER BY ${key}`);
  const keyColumns = key.split(', ');
  return new Map(all.map((r) => [keyColumns.map((k) => String(r[k])).join('/'), r]));
}

/** The columns in which two rows differ, as `column live ≠ rebuilt`. */
function differences(live: Row, rebuilt: Row): string[] {
  const show = (v: unknown) => JSON.stringify(v);
  return Object.keys({ ...live, ...rebuilt })
    .filter((c) => show(live[c]) !== show(rebuilt[c]))
    .map((c) => `${c} ${show(live[c])} ≠ ${show(rebuilt[c])}`);
}

/**
 * Reporting's own rebuild (`npm run rebuild-read-models`) into a fresh database beside the live one,
 * then every table compared whole: rows missing on either side or differing in any column.
 */
export async function rebuildAndCompare(serverUrl: string, log: (line: string) => void): Promise<string[]> {
  const name = `chaos_rebuilt_${Date.now()}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const rebuiltUrl = new URL(serverUrl);
  rebuiltUrl.pathname = `/${name}`;
  const store = await createEventStore({ kind: 'postgres', url: serverUrl });
  const readModel = await openReadModel(rebuiltUrl.toString());
  try {
    const done = await rebuildReadModels({ store, readModel });
    log(`rebuilt the read models from ${done.events} events in ${done.seconds.toFixed(1)} s`);
  } finally {
    await readModel.destroy();
    await store.close();
  }
  const live = new Client({ connectionString: serverUrl });
  const rebuilt = new Client({ connectionString: rebuiltUrl.toString() });
  await Promise.all([live.connect(), rebuilt.connect()]);
  const differing: string[] = [];
  try {
    for (const [table, key] of Object.entries(KEYS)) {
      const [a, b] = await Promise.all([rows(live, table, key), rows(rebuilt, table, key)]);
      for (const [k, row] of a) {
        const other = b.get(k);
        const diff = other ? differences(row, other) : ['missing in the rebuild'];
        if (diff.length > 0) differing.push(`${table} ${k}: ${diff.join(', ')}`);
      }
      for (const k of b.keys()) if (!a.has(k)) differing.push(`${table} ${k}: only in the rebuild`);
    }
  } finally {
    await Promise.all([live.end(), rebuilt.end()]);
  }
  return differing;
}
