import { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
import { MemoryEventStore } from './memory-event-store';
import type { EventStore } from './port';
import { PostgresEventStore } from './postgres/postgres-event-store';

export type EventStoreConfig =
  | { readonly kind: 'postgres'; readonly url: string; readonly groupCommit?: boolean }
  | { readonly kind: 'eventstoredb'; readonly connectionString: string }
  | { readonly kind: 'memory' };

/** An event store ready for use: the PostgreSQL schema is created if it is missing. */
export async function createEventStore(config: EventStoreConfig): Promise<EventStore> {
  switch (config.kind) {
    case 'postgres': {
      const store = new PostgresEventStore(config.url, config.groupCommit === false ? { groupCommit: false } : {});
      await store.ensureSchema();
      return store;
    }
    case 'eventstoredb':
      return new EventStoreDbEventStore(config.connectionString);
    case 'memory':
      return new MemoryEventStore();
    default: {
      const _never: never = config;
      throw new Error(`unknown event store ${JSON.stringify(_never)}`);
    }
  }
}
