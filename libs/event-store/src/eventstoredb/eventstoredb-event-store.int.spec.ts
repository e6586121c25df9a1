import { eventStoreContract } from '../contract/event-store.contract';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

if (connectionString) {
  // Unique stream ids per test: the contract can run against a server shared with anything else.
  eventStoreContract(
    'eventstoredb',
    async () => {
      const store = new EventStoreDbEventStore(connectionString);
      return { store, cleanup: () => store.close() };
    },
    { uniqueEventIds: false },
  );
} else {
  // No server can be installed here; say so loudly rather than pass silently.
  process.stderr.write('\n*** SKIPPED: EventStoreDB contract (set EVENTSTORE_CONNECTION_STRING to run it) ***\n\n');
  describe('event store contract: eventstoredb', () => {
    test.skip('SKIPPED: set EVENTSTORE_CONNECTION_STRING to run the EventStoreDB leg of the contract', () => undefined);
  });
}
