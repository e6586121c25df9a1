import { z } from 'zod';
import { bool, csv, durationMs, enumOf, postgresUrl, url } from './fields';

/** Nest's log levels, most to least severe. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

const ESDB_FORM = 'expected an EventStoreDB connection string like esdb://host:2113?tls=false';

/**
 * The variables every service reads. Extend it with the service's own (`.extend({ PORT: port(3001) })`:
 * zod keeps the cross-field checks below when new keys are added).
 */
export const commonServiceEnv = z
  .object({
    BUS: enumOf(['inprocess', 'kafka'], 'inprocess'),
    KAFKA_BROKERS: csv().optional(),
    /** Prefix of every topic and consumer group, for deployments that share a cluster. */
    KAFKA_NAMESPACE: z.string().trim().regex(/^[A-Za-z0-9._-]{0,100}$/, { error: 'letters, digits, ".", "_" or "-"' }).optional(),
    /**
     * How long the broker waits for a silent consumer before handing its partitions to the others
     * (kafkajs default 30s). A crashed member holds its partitions that long; a lower value moves
     * them sooner at the price of more heartbeats. The broker's floor is 6s.
     */
    KAFKA_SESSION_TIMEOUT_MS: durationMs().optional(),
    DATABASE_URL: postgresUrl(),
    EVENT_STORE: enumOf(['postgres', 'eventstoredb'], 'postgres'),
    /**
     * The PostgreSQL event store commits appends that wait at the same time in one transaction
     * (group commit across streams, libs/event-store/src/postgres/append-batcher.ts); false: each alone.
     */
    EVENT_STORE_GROUP_COMMIT: bool(true),
    EVENTSTORE_CONNECTION_STRING: z
      .string({ error: ESDB_FORM })
      .trim()
      .regex(/^esdb(\+discover)?:\/\/\S+$/, { error: ESDB_FORM })
      .optional(),
    HOST: z.string().trim().min(1, { error: 'expected a host name or IP address to listen on' }).default('127.0.0.1'),
    OTEL_EXPORTER_OTLP_ENDPOINT: url().optional(),
    LOG_LEVEL: enumOf(LOG_LEVELS, 'log'),
  })
  .superRefine((env, ctx) => {
    if (env.BUS === 'kafka' && (env.KAFKA_BROKERS === undefined || env.KAFKA_BROKERS.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: ['KAFKA_BROKERS'],
        message: 'required when BUS=kafka: expected a comma-separated list of host:port, e.g. localhost:9092',
      });
    }
    if (env.EVENT_STORE === 'eventstoredb' && env.EVENTSTORE_CONNECTION_STRING === undefined) {
      ctx.addIssue({ code: 'custom', path: ['EVENTSTORE_CONNECTION_STRING'], message: `required when EVENT_STORE=eventstoredb: ${ESDB_FORM}` });
    }
    // Run even when another variable is already invalid, so one start-up attempt reports every problem.
  }, { when: () => true });

export type CommonServiceEnv = z.infer<typeof commonServiceEnv>;
