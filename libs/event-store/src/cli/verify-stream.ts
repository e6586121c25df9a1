// Auditors' check of one stream's hash chain, straight from the event store:
//   DATABASE_URL=... npm run verify-stream -- payment-<uuid>
//   EVENTSTORE_CONNECTION_STRING=esdb://... npm run verify-stream -- payment-<uuid>
// Exit 0: intact. Exit 1: tampered (the first bad revision is named). Exit 2: usage or no such stream.
import { createEventStore } from '../create-event-store';
import { verifyChain, type ChainVerdict } from '../hash-chain';
import type { EventStore } from '../port';

export interface StreamVerdict {
  readonly streamId: string;
  readonly verdict: ChainVerdict | { ok: false; missing: true };
  readonly line: string;
  readonly exitCode: 0 | 1 | 2;
}

export async function verifyStream(store: EventStore, streamId: string): Promise<StreamVerdict> {
  const events = await store.readStream(streamId);
  if (events.length === 0) {
    return { streamId, verdict: { ok: false, missing: true }, line: `${streamId}: no such stream`, exitCode: 2 };
  }
  const verdict = verifyChain(events);
  return verdict.ok
    ? { streamId, verdict, line: `${streamId}: intact (${verdict.count} events, last hash ${events.at(-1)!.metadata.hash})`, exitCode: 0 }
    : { streamId, verdict, line: `${streamId}: TAMPERED at revision ${verdict.revision}: ${verdict.reason}`, exitCode: 1 };
}

async function main(): Promise<number> {
  const streamId = process.argv[2];
  if (!streamId) {
    process.stderr.write('usage: verify-stream <streamId>   (DATABASE_URL or EVENTSTORE_CONNECTION_STRING in the environment)\n');
    return 2;
  }
  const esdb = process.env['EVENTSTORE_CONNECTION_STRING'];
  const url = process.env['DATABASE_URL'];
  if (!esdb && !url) {
    process.stderr.write('verify-stream: set DATABASE_URL (PostgreSQL event store) or EVENTSTORE_CONNECTION_STRING\n');
    return 2;
  }
  const store = esdb ? await createEventStore({ kind: 'eventstoredb', connectionString: esdb }) : await createEventStore({ kind: 'postgres', url: url! });
  try {
    const result = await verifyStream(store, streamId);
    (result.exitCode === 0 ? process.stdout : process.stderr).write(`${result.line}\n`);
    return result.exitCode;
  } finally {
    await store.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`verify-stream: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(2);
    },
  );
}
