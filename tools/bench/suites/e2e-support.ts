import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { buildEvents, createEventStore, type ChainHead } from '@pl/event-store';

/** Another database on the same server as `url`, for a second system measured in the same suite. */
export async function siblingDatabase(url: string, suffix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(url);
  const name = `${base.pathname.slice(1)}_${suffix}_${randomUUID().slice(0, 6)}`.toLowerCase().replace(/\W/g, '_');
  const admin = async (sql: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const sibling = new URL(url);
  sibling.pathname = `/${name}`;
  return { url: sibling.toString(), drop: () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/**
 * The event store's own append rate on this machine now: `streams` streams of `perStream`
 * single-event appends each (with the expected revision, metadata and hash chain built by
 * buildEvents, as the services append), 32 streams in flight.
 */
export async function appendCeiling(databaseUrl: string, perStream: number, streams: number): Promise<{ appends: number; seconds: number; appendsPerSecond: number }> {
  const store = await createEventStore({ kind: 'postgres', url: databaseUrl });
  try {
    const t0 = process.hrtime.bigint();
    let next = 0;
    const worker = async () => {
      while (next < streams) {
        const streamId = `payment-${randomUUID()}`;
        next++;
        let head: ChainHead | undefined;
        for (let i = 0; i < perStream; i++) {
          const context = { correlationId: streamId, causationId: `bench-${i}`, actor: 'bench', occurredAt: new Date().toISOString() };
          const events = buildEvents(streamId, head, [{ type: `BenchEvent${i}`, data: { amountMinor: '12550', currency: 'CNY', step: i } }], context);
          await store.append(streamId, events, { expectedRevision: head ? head.revision : 'no_stream' });
          head = { revision: BigInt(i), hash: events[0]!.metadata.hash };
        }
      }
    };
    await Promise.all(Array.from({ length: 32 }, worker));
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const appends = streams * perStream;
    return { appends, seconds, appendsPerSecond: appends / seconds };
  } finally {
    await store.close();
  }
}

/**
 * What the database's sessions are doing, sampled every 100 ms while a run goes on: a profile of
 * the waits (a hot row's lock, WAL flush at commit, the client being slow inside a transaction).
 */
export function sampleDatabaseWaits(databaseUrl: string): { stop(): Promise<string> } {
  const counts = new Map<string, number>();
  let samples = 0;
  let running = true;
  const pg = new Client({ connectionString: databaseUrl });
  const loop = (async () => {
    await pg.connect();
    while (running) {
      const { rows } = await pg.query<{ w: string }>(
        // What each busy session waits for, and on which statement (its first words).
        `SELECT state || ' ' || coalesce(wait_event_type || ':' || wait_event, 'on CPU') || ' [' || left(regexp_replace(query, '\\s+', ' ', 'g'), 48) || ']' AS w
         FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle' AND pid <> pg_backend_pid()`,
      );
      samples++;
      for (const { w } of rows) counts.set(w, (counts.get(w) ?? 0) + 1);
      await new Promise((r) => setTimeout(r, 100));
    }
    await pg.end();
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const top = [...counts].sort((a, b) => b[1] - a[1]).slice(0, 8);
      return `busy sessions per sample (${samples} samples): ${top.map(([w, n]) => `${w} ${(n / samples).toFixed(1)}`).join(', ')}`;
    },
  };
}
