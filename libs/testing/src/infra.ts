import { randomUUID } from 'node:crypto';
import { Client } from 'pg';

/**
 * A database of its own for one test file, in the server the global setup started
 * (or DATABASE_URL), or in the server `serverUrl` names (the benchmark runner's). Dropped by `drop()`.
 */
export async function createTestDatabase(prefix = 't', serverUrl = process.env['DATABASE_URL']): Promise<{ url: string; drop: () => Promise<void> }> {
  if (!serverUrl) throw new Error('DATABASE_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  const name = `${prefix}_${randomUUID().replace(/-/g, '').slice(0, 16)}`.toLowerCase();
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      try {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The Kafka brokers for tests, or undefined after printing a loud SKIPPED line.
 * With REQUIRE_KAFKA=1 (CI) a missing broker is an error, never a skip.
 */
export function kafkaBrokersOrSkip(suite: string): string[] | undefined {
  const brokers = process.env['KAFKA_BROKERS'];
  if (brokers) return brokers.split(',');
  if (process.env['REQUIRE_KAFKA'] === '1') {
    throw new Error(`${suite}: REQUIRE_KAFKA=1 but KAFKA_BROKERS is not set`);
  }
  process.stderr.write(`\n*** SKIPPED: ${suite} (no Kafka broker: install Java 17 or set KAFKA_BROKERS) ***\n\n`);
  return undefined;
}

/** Polls `check` until it returns a value other than undefined, or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}
