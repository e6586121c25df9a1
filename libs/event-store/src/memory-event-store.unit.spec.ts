import { eventStoreContract } from './contract/event-store.contract';
import { MemoryEventStore } from './memory-event-store';

eventStoreContract('memory', async () => ({ store: new MemoryEventStore(), cleanup: async () => undefined }));
