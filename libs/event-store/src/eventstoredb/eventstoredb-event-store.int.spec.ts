import { eventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

if (connectionString) {
  eventStoreContract('eventstoredb', async () => {
    const store = new EventStoreDbEventStore(connectionString);
    return { store, cleanup: () => store.close() };
  });
} else {
  process.stderr.write('\n*** SKIPPED: EventStoreDB contract (set EVENTSTORE_CONNECTION_STRING to run it) ***\n\n');
  describe('event store contract: eventstoredb', () => {
    test.skip('SKIPPED: set EVENTSTORE_CONNECTION_STRING to run the EventStoreDB leg of the contract', () => undefined);
  });
}
