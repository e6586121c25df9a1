import { createHash } from 'node:crypto';
import type { QueryConfig } from 'pg';

const names = new Map<string, string>();

/**
 * `text` as a named prepared statement: each connection parses and plans it once and then only
 * binds and executes it (an unnamed statement, pg's default, is planned on every call; the
 * visibility bound's join of pg_locks with pg_stat_activity took 0.47 ms of planning a call, a
 * stream read 0.1 ms: docs/benchmarks.md). The name is a digest of the text, so one text always has
 * one name and two texts never share one (pg refuses a name reused with another text). PostgreSQL
 * replans by itself when the schema under a statement changes. A pooler in front of the server
 * must pass prepared statements through (PgBouncer 1.21+ with max_prepared_statements, or session
 * mode).
 */
export function prepared(text: string, values?: unknown[]): QueryConfig<unknown[]> {
  let name = names.get(text);
  if (name === undefined) {
    name = `pl_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`;
    names.set(text, name);
  }
  return values === undefined ? { name, text } : { name, text, values };
}
