import { copyFileSync, existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { freePort } from '@pl/testing';
import { startKafka, type StartedKafka } from '../../../scripts/infra/kafka.mjs';
import { startEmbeddedPostgres } from '../../../scripts/infra/postgres.mjs';

/**
 * The run's own PostgreSQL and Kafka broker, on ports and data folders of their own: killing this
 * broker never touches the one a test run (or `npm run kafka:start`) uses.
 */
export interface ChaosInfra {
  readonly databaseUrl: string;
  readonly brokers: string;
  /** SIGKILL the broker. */
  killBroker(): Promise<void>;
  /** Starts the broker again on the same port and data (after a kill); resolves once it listens. */
  restartBroker(): Promise<void>;
  stop(): Promise<void>;
}

/** `logDir`: where the broker's own logs are copied when the run ends (its data folder is removed). */
export async function startChaosInfra(log: (line: string) => void, logDir: string): Promise<ChaosInfra> {
  const run = `chaos-${process.pid}`;
  const pg = await startEmbeddedPostgres({ name: `pg-${run}`, port: await freePort(), persistent: false });
  log(`PostgreSQL ${pg.url}`);
  const brokerOptions = { name: run, port: await freePort(), controllerPort: await freePort() };
  let broker: StartedKafka;
  try {
    broker = await startKafka({ ...brokerOptions, fresh: true, log });
  } catch (error) {
    await pg.stop();
    throw error;
  }
  return {
    databaseUrl: pg.url,
    brokers: broker.brokers,
    killBroker: () => broker.kill(),
    restartBroker: async () => {
      await broker.kill();
      // Recovering its logs after a SIGKILL on a busy machine can take well over the usual minute.
      broker = await startKafka({ ...brokerOptions, fresh: false, readyTimeoutMs: 300_000 });
    },
    stop: async () => {
      await broker.stop().catch(() => undefined);
      const home = dirname(broker.dataDir);
      for (const file of ['stdout.log', 'broker.log']) {
        if (existsSync(join(home, file))) copyFileSync(join(home, file), join(logDir, `kafka-${file}`));
      }
      rmSync(home, { recursive: true, force: true });
      await pg.stop();
    },
  };
}
