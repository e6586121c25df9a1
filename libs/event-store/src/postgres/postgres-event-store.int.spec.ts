import { createTestDatabase } from '@pl/testing';
import { eventStoreContract } from '../contract/event-store.contract';
import { PostgresEventStore } from './postgres-event-store';

eventStoreContract('postgres', async () => {
  const db = await createTestDatabase('es');
  const store = new PostgresEventStore(db.url);
  await store.ensureSchema();
  await store.ensureSchema(); // idempotent: a second start finds the schema in place
  return {
    store,
    cleanup: async () => {
      await store.close();
      await db.drop();
    },
  };
});
