import type { EntityManager, EntityTarget, ObjectLiteral } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata';
import type { PostingRow } from '../projections/ledger-projection';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The SQL array type a column's values are sent as; every read-model column declares its type. */
function sqlType(column: ColumnMetadata): string {
  if (typeof column.type !== 'string') throw new Error(`column ${column.databaseName}: declare its SQL type for batched writes`);
  return column.type === 'char' ? 'text' : column.type;
}

const dbValue = (column: ColumnMetadata, value: unknown): unknown => {
  if (value === undefined || value === null) return null;
  return column.type === 'jsonb' || column.type === 'json' ? JSON.stringify(value) : value;
};

/**
 * INSERT ... ON CONFLICT (primary key) DO UPDATE for many entities in one statement, one array per
 * column (unnest). The columns come from the entity's TypeORM metadata, so a column added to the
 * entity is written here too; columns the entity marks insert: false (generated) are left out.
 */
export async function upsertEntities<T extends ObjectLiteral>(m: EntityManager, target: EntityTarget<T>, rows: readonly T[]): Promise<void> {
  if (rows.length === 0) return;
  const meta = m.connection.getMetadata(target);
  const columns = meta.columns.filter((c) => c.isInsert);
  const updates = columns.filter((c) => c.isUpdate && !c.isPrimary).map((c) => `${quote(c.databaseName)} = EXCLUDED.${quote(c.databaseName)}`);
  const sql =
    `INSERT INTO ${quote(meta.tableName)} (${columns.map((c) => quote(c.databaseName)).join(', ')}) ` +
    `SELECT * FROM unnest(${columns.map((c, i) => `$${i + 1}::${sqlType(c)}[]`).join(', ')}) ` +
    `ON CONFLICT (${meta.primaryColumns.map((c) => quote(c.databaseName)).join(', ')}) ` +
    (updates.length > 0 ? `DO UPDATE SET ${updates.join(', ')}` : 'DO NOTHING');
  await m.query(sql, columns.map((c) => rows.map((r) => dbValue(c, c.getEntityValue(r)))));
}

/** Every posting of a page in one statement, then the balances moved by their sums per account. */
export async function insertPostings(m: EntityManager, postings: readonly PostingRow[]): Promise<void> {
  if (postings.length === 0) return;
  const fields = ['entryId', 'leg', 'eventId', 'streamId', 'account', 'side', 'amountMinor', 'currency', 'postedAt'] as const;
  const columns = fields.map((field) => postings.map((p) => p[field]));
  await m.query(
    `INSERT INTO ledger_postings_v1 (entry_id, leg, event_id, stream_id, account, side, amount_minor, currency, posted_at)
     SELECT * FROM unnest($1::text[], $2::int[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::timestamptz[])`,
    columns,
  );
  const sums = new Map<string, { account: string; currency: string; debit: bigint; credit: bigint }>();
  for (const p of postings) {
    const key = `${p.account}\u0000${p.currency}`;
    const sum = sums.get(key) ?? { account: p.account, currency: p.currency, debit: 0n, credit: 0n };
    if (p.side === 'debit') sum.debit += BigInt(p.amountMinor);
    else sum.credit += BigInt(p.amountMinor);
    sums.set(key, sum);
  }
  // In a fixed order, so transactions moving the same balances lock them alike and never deadlock.
  const balances = [...sums.values()].sort((a, b) => (a.account === b.account ? a.currency.localeCompare(b.currency) : a.account.localeCompare(b.account)));
  await m.query(
    `INSERT INTO account_balances_v1 (account, currency, debit_minor, credit_minor)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::bigint[])
     ON CONFLICT (account, currency) DO UPDATE
       SET debit_minor = account_balances_v1.debit_minor + EXCLUDED.debit_minor,
           credit_minor = account_balances_v1.credit_minor + EXCLUDED.credit_minor`,
    [balances.map((b) => b.account), balances.map((b) => b.currency), balances.map((b) => b.debit.toString()), balances.map((b) => b.credit.toString())],
  );
}

/** The projection's checkpoint moved to the page's last applied event, counting the page's events. */
export async function advanceCheckpoint(m: EntityManager, projection: string, position: string, applied: number): Promise<void> {
  await m.query(
    `INSERT INTO projection_checkpoints (projection, position, events_applied, updated_at)
     VALUES ($1, $2, $3, now())
     ON CONFLICT (projection) DO UPDATE
       SET position = EXCLUDED.position, events_applied = projection_checkpoints.events_applied + EXCLUDED.events_applied, updated_at = now()`,
    [projection, position, applied],
  );
}
