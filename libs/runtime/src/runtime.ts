import { createEventStore, type EventStore } from '@pl/event-store';
import { InProcessBus, KafkaBus, type MessageBus } from '@pl/messaging';
import { systemClock, type Clock } from './clock';

/** What a service needs from the outside world, built once per process from its configuration. */
export interface Runtime {
  readonly store: EventStore;
  readonly bus: MessageBus;
  readonly databaseUrl: string;
  readonly clock: Clock;
  close(): Promise<void>;
}

export interface RuntimeConfig {
  readonly DATABASE_URL: string;
  readonly BUS: 'inprocess' | 'kafka';
  readonly KAFKA_BROKERS?: readonly string[] | undefined;
  readonly KAFKA_NAMESPACE?: string | undefined;
  readonly KAFKA_SESSION_TIMEOUT_MS?: number | undefined;
  readonly EVENT_STORE: 'postgres' | 'eventstoredb';
  readonly EVENTSTORE_CONNECTION_STRING?: string | undefined;
  /** PostgreSQL event store: group commit across streams (default on). */
  readonly EVENT_STORE_GROUP_COMMIT?: boolean | undefined;
}

export async function createRuntime(config: RuntimeConfig, clientId: string, clock: Clock = systemClock): Promise<Runtime> {
  const store =
    config.EVENT_STORE === 'eventstoredb'
      ? await createEventStore({ kind: 'eventstoredb', connectionString: config.EVENTSTORE_CONNECTION_STRING ?? '' })
      : await createEventStore({ kind: 'postgres', url: config.DATABASE_URL, groupCommit: config.EVENT_STORE_GROUP_COMMIT !== false });
  const bus: MessageBus =
    config.BUS === 'kafka'
      ? new KafkaBus({
          brokers: [...(config.KAFKA_BROKERS ?? [])],
          clientId,
          ...(config.KAFKA_NAMESPACE ? { namespace: config.KAFKA_NAMESPACE } : {}),
          ...(config.KAFKA_SESSION_TIMEOUT_MS ? { sessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS } : {}),
        })
      : new InProcessBus();
  return {
    store,
    bus,
    databaseUrl: config.DATABASE_URL,
    clock,
    close: async () => {
      await bus.close();
      await store.close();
    },
  };
}
