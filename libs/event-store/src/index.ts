export * from './port';
export * from './hash-chain';
export * from './event-metadata';
export * from './command-handler';
export { MemoryEventStore } from './memory-event-store';
export { PostgresEventStore } from './postgres/postgres-event-store';
export { EventStoreDbEventStore } from './eventstoredb/eventstoredb-event-store';
export * from './create-event-store';
