import { z } from 'zod';
import { csv, postgresUrl } from '@pl/config';

const HEALTH_PORT_FORM = 'expected an integer 0-65535 (0 turns the health endpoint off)';
const NAME_FORM = 'expected a checkpoint name of letters, digits, ".", "_" or "-"';

/** The relay's environment. Other variables (BUS, AUTH_*, ...) that a shared env file sets are ignored. */
export const relayEnv = z.object({
  /** The PostgreSQL event store and the relay's checkpoint table. */
  DATABASE_URL: postgresUrl(),
  KAFKA_BROKERS: csv().refine((brokers) => brokers.every((b) => /^[^\s:]+:\d{1,5}$/.test(b)), {
    error: 'expected a comma-separated list of host:port, e.g. localhost:9092',
  }),
  /** Prefix of every topic (shared clusters); the same value as the services'. */
  KAFKA_NAMESPACE: z.string().trim().regex(/^[A-Za-z0-9._-]{0,100}$/, { error: 'letters, digits, ".", "_" or "-"' }).optional(),
  /** Names the checkpoint: two relays with one name would share (and fight over) one position. */
  RELAY_NAME: z.string({ error: NAME_FORM }).trim().regex(/^[A-Za-z0-9._-]{1,100}$/, { error: NAME_FORM }).default('relay'),
  RELAY_HEALTH_PORT: z
    .string({ error: HEALTH_PORT_FORM })
    .trim()
    .refine((v) => /^\d{1,5}$/.test(v) && Number(v) <= 65535, { error: HEALTH_PORT_FORM })
    .transform(Number)
    .default(3010),
  HOST: z.string().trim().min(1).default('127.0.0.1'),
  /** Which event store to follow; the checkpoint stays in PostgreSQL (DATABASE_URL) either way. */
  EVENT_STORE: z.enum(['postgres', 'eventstoredb']).default('postgres'),
  EVENTSTORE_CONNECTION_STRING: z.string().trim().regex(/^esdb(\+discover)?:\/\/\S+$/, { error: 'expected esdb://host:2113?tls=false' }).optional(),
}).refine((env) => env.EVENT_STORE !== 'eventstoredb' || env.EVENTSTORE_CONNECTION_STRING !== undefined, {
  path: ['EVENTSTORE_CONNECTION_STRING'],
  error: 'required when EVENT_STORE=eventstoredb',
});

export type RelayEnv = z.infer<typeof relayEnv>;
