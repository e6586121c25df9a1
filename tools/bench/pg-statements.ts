import { Client } from 'pg';

/**
 * BENCH_PG_STATEMENTS=1: the benchmark's PostgreSQL loads pg_stat_statements, and after each suite
 * the statements that took the server's time during it are printed and kept in the JSON (`runs[].
 * statements`): what the database spent its time on, by statement, where BENCH_QUERY_COUNT counts
 * what the clients sent. Time is execution time, lock and I/O waits included (a hot row shows as a
 * slow statement); statements run inside functions (es_append's) are listed too, marked nested.
 */
export const PG_STATEMENTS_SETTINGS = ['shared_preload_libraries=pg_stat_statements', 'pg_stat_statements.track=all', 'pg_stat_statements.track_planning=on', 'pg_stat_statements.max=5000'];

export const pgStatementsWanted = (): boolean => Boolean(process.env['BENCH_PG_STATEMENTS']);

export interface StatementTime {
  readonly calls: number;
  readonly totalMs: number;
  readonly meanMs: number;
  /** Time spent planning it, all calls together (each unnamed statement is planned anew). */
  readonly planMs: number;
  readonly rows: number;
  readonly nested: boolean;
  /** The database it ran in; '(dropped)' for one dropped since (a suite's ceiling, say). */
  readonly database: string;
  readonly query: string;
}

async function withServer<T>(serverUrl: string, use: (pg: Client) => Promise<T>): Promise<T> {
  const pg = new Client({ connectionString: serverUrl });
  await pg.connect();
  try {
    return await use(pg);
  } finally {
    await pg.end();
  }
}

/** Creates the extension on the server's own database; an error says why it cannot (not preloaded). */
export const enablePgStatements = (serverUrl: string): Promise<void> => withServer(serverUrl, async (pg) => void (await pg.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements')));

export const resetPgStatements = (serverUrl: string): Promise<void> => withServer(serverUrl, async (pg) => void (await pg.query('SELECT pg_stat_statements_reset()')));

/** The `limit` statements with the most execution and planning time since the last reset, whitespace folded, cut to 120 characters. */
export const topPgStatements = (serverUrl: string, limit = 20): Promise<StatementTime[]> =>
  withServer(serverUrl, async (pg) => {
    const { rows } = await pg.query<{ calls: string; total_ms: number; mean_ms: number; plan_ms: number; rows: string; toplevel: boolean; database: string; query: string }>(
      `SELECT s.calls::text, s.total_exec_time AS total_ms, s.mean_exec_time AS mean_ms, s.total_plan_time AS plan_ms, s.rows::text, s.toplevel, coalesce(d.datname, '(dropped)') AS database,
              left(regexp_replace(s.query, '\\s+', ' ', 'g'), 120) AS query
         FROM pg_stat_statements s LEFT JOIN pg_database d ON d.oid = s.dbid ORDER BY s.total_exec_time + s.total_plan_time DESC LIMIT $1`,
      [limit],
    );
    return rows.map((r) => ({ calls: Number(r.calls), totalMs: Math.round(r.total_ms), meanMs: Number(r.mean_ms.toFixed(3)), planMs: Math.round(r.plan_ms), rows: Number(r.rows), nested: !r.toplevel, database: r.database, query: r.query }));
  });

export const describeStatement = (s: StatementTime): string =>
  `${String(s.totalMs).padStart(7)} ms ${String(s.calls).padStart(7)} calls ${s.meanMs.toFixed(3).padStart(8)} ms each, planning ${String(s.planMs).padStart(5)} ms${s.nested ? ' (nested)' : ''} in ${s.database}  ${s.query}`;
