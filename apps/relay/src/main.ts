// The outbox relay as its own process: follows the event store's global log (PostgreSQL by default) from a
// durable checkpoint and publishes every committed event to Kafka. Safe to SIGKILL at any moment:
// a restart re-publishes from the last checkpoint (at-least-once; consumers deduplicate by event id).
import './instrument';
import type { Server } from 'node:http';
import { loadConfigOrExit } from '@pl/config';
import { createEventStore } from '@pl/event-store';
import { KafkaBus, PostgresCheckpointStore, Relay } from '@pl/messaging';
import { relayEnv } from './config';
import { serveHealth } from './health';

const log = (line: string) => process.stderr.write(`[relay] ${line}\n`);

async function main(): Promise<void> {
  const env = loadConfigOrExit(relayEnv, 'relay');
  const store =
    env.EVENT_STORE === 'eventstoredb'
      ? await createEventStore({ kind: 'eventstoredb', connectionString: env.EVENTSTORE_CONNECTION_STRING ?? '' })
      : await createEventStore({ kind: 'postgres', url: env.DATABASE_URL });
  const checkpoints = new PostgresCheckpointStore(env.DATABASE_URL);
  await checkpoints.ensureSchema();
  const bus = new KafkaBus({ brokers: env.KAFKA_BROKERS, clientId: `relay-${env.RELAY_NAME}`, ...(env.KAFKA_NAMESPACE ? { namespace: env.KAFKA_NAMESPACE } : {}) });
  const relay = new Relay({
    store,
    bus,
    checkpoints,
    name: env.RELAY_NAME,
    onError: (error) => log(`publishing failed, retrying from the checkpoint: ${error instanceof Error ? error.message : String(error)}`),
  });
  relay.start();

  let server: Server | undefined;
  if (env.RELAY_HEALTH_PORT !== 0) {
    server = await serveHealth(env.RELAY_HEALTH_PORT, env.HOST, {
      ready: async () => {
        const status = relay.status();
        if (!status.running) throw new Error('relay is not running');
        if (status.lastError) throw new Error(`relay is retrying: ${status.lastError}`);
        await Promise.all([store.ping(), bus.ping(), checkpoints.ping()]);
      },
    });
  }
  log(`'${env.RELAY_NAME}' following the event store into Kafka at ${env.KAFKA_BROKERS.join(',')}`);

  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping`);
    // A hung dependency must not keep the process alive forever; the checkpoint makes a hard exit safe.
    setTimeout(() => process.exit(1), 15_000).unref();
    void (async () => {
      await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
      await relay.stop();
      await Promise.allSettled([bus.close(), checkpoints.close(), store.close()]);
      log(`stopped after publishing ${relay.status().published} events`);
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((error: unknown) => {
  log(`failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(1);
});
