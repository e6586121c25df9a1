// Rebuilds reporting's read models (payments_v1, payment_refunds_v1, the ledger) from the event log:
//   DATABASE_URL=postgres://.../ledger npm run rebuild-read-models -- --into postgres://.../ledger_rebuilt
//   DATABASE_URL=... npm run rebuild-read-models -- --truncate        # into DATABASE_URL itself, reporting stopped
// Events come from the PostgreSQL event store at DATABASE_URL (or EVENTSTORE_CONNECTION_STRING). The
// read model (--into, default DATABASE_URL) is migrated first. A read model that already has rows
// is resumed after its checkpoint; --truncate empties it first, for a rebuild from the start.
// Nothing else may project into that read model while this runs (stop reporting, or rebuild beside
// it with --into and compare). From empty, the read model's secondary indexes (and the ledger's
// primary key) are dropped and built once at the end, autovacuum off meanwhile; a killed run leaves
// them so until the next run (which resumes) finishes and restores them. Exit 0 done, 1 failed, 2 usage.
import { createEventStore, type EventStore } from '@pl/event-store';
import { openReadModel } from '../read-model/data-source';
import { rebuildReadModels, truncateReadModels } from './rebuild-read-models';

interface Args {
  readonly into?: string;
  readonly truncate: boolean;
  readonly pageSize?: number;
}

function parse(argv: readonly string[]): Args | string {
  let into: string | undefined;
  let truncate = false;
  let pageSize: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--truncate') truncate = true;
    else if (arg === '--into' && argv[i + 1]) into = argv[++i];
    else if (arg === '--page-size' && /^\d+$/.test(argv[i + 1] ?? '')) pageSize = Number(argv[++i]);
    else return `unknown or incomplete option ${arg}`;
  }
  return { into, truncate, pageSize };
}

async function main(): Promise<number> {
  const args = parse(process.argv.slice(2));
  const esdb = process.env['EVENTSTORE_CONNECTION_STRING'];
  const url = process.env['DATABASE_URL'];
  if (typeof args === 'string' || (!esdb && !url) || (!args.into && !url)) {
    process.stderr.write(
      `${typeof args === 'string' ? `rebuild-read-models: ${args}\n` : ''}usage: rebuild-read-models [--into <read model database url>] [--truncate] [--page-size <events>]\n` +
        '  events from DATABASE_URL (PostgreSQL event store) or EVENTSTORE_CONNECTION_STRING; read model: --into, default DATABASE_URL\n',
    );
    return 2;
  }
  const store: EventStore = esdb ? await createEventStore({ kind: 'eventstoredb', connectionString: esdb }) : await createEventStore({ kind: 'postgres', url: url! });
  const readModel = await openReadModel(args.into ?? url!);
  try {
    if (args.truncate) await truncateReadModels(readModel);
    let reported = 0;
    const result = await rebuildReadModels({
      store,
      readModel,
      ...(args.pageSize ? { pageSize: args.pageSize } : {}),
      onPage: (p) => {
        if (p.seconds - reported < 5) return;
        reported = p.seconds;
        process.stderr.write(`  ${p.events} events read, ${p.applied} applied, ${(p.events / p.seconds).toFixed(0)} events/s\n`);
      },
    });
    process.stdout.write(
      `rebuilt: ${result.events} events read, ${result.applied} applied in ${result.seconds.toFixed(1)} s (${(result.events / Math.max(result.seconds, 1e-9)).toFixed(0)} events/s)\n`,
    );
    return 0;
  } finally {
    await readModel.destroy();
    await store.close();
  }
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`rebuild-read-models: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
