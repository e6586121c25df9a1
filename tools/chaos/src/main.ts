// `npm run chaos`: the crash harness of issue #5. Runs N payments through the platform (every service its
// own process over its own Kafka broker and PostgreSQL) while SIGKILLing each service, the relay and
// the broker in turn, then checks that nothing acknowledged was lost and nothing happened twice.
// Exit code 0 only if every check is zero; 2 for bad options; 1 for a failed check or a crash of the run.
import { writeFileSync } from 'node:fs';
import { parseOptions, type ChaosOptions } from './options';
import { formatReport } from './report';
import { runChaos } from './run-chaos';

const log = (line: string) => process.stderr.write(`[chaos ${new Date().toISOString().slice(11, 19)}] ${line}\n`);

async function main(): Promise<number> {
  let options: ChaosOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  // Ctrl-C (or SIGTERM) stops the run and still stops every process it started, broker and database included.
  const interrupted = new AbortController();
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => {
      log(`${sig}: stopping the run`);
      interrupted.abort();
    });
  }
  const result = await runChaos(options, log, interrupted.signal);
  process.stdout.write(formatReport(result));
  if (options.jsonOut) writeFileSync(options.jsonOut, JSON.stringify(result, null, 2));
  return result.passed ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`the run itself failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
