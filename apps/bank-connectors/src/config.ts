import { z } from 'zod';
import { BANK_CHANNELS, type BankChannel } from '@pl/bank-protocol';
import { csv, durationMs, loadConfig, url } from '@pl/config';

const count = (defaultValue: number) =>
  z
    .string({ error: 'expected a whole number from 1 to 100' })
    .trim()
    .regex(/^[1-9][0-9]?$|^100$/, { error: 'expected a whole number from 1 to 100' })
    .transform(Number)
    .default(defaultValue);

/** `BANK_SECRETS_<CODE>=current[,previous]`: two during a rotation, the current one first. */
const secretsKey = (channel: BankChannel) => `BANK_SECRETS_${channel}`;

const envSchema = z.object({
  BANK_SANDBOX_URL: url({ defaultValue: 'http://127.0.0.1:3007' }),
  /** Where banks post callbacks; unset: this service's own URL once it listens. */
  CONNECTOR_CALLBACK_BASE_URL: url().optional(),
  BANK_TIMEOUT_MS: durationMs(2_000),
  BANK_SUBMIT_ATTEMPTS: count(3),
  BANK_RETRY_BACKOFF_MS: durationMs(200),
  STATUS_POLL_INTERVAL_MS: durationMs(1_000),
  CALLBACK_GRACE_MS: durationMs(5_000),
  PROBE_INTERVAL_MS: durationMs(30_000),
  PROBE_TIMEOUT_MS: durationMs(2_000),
  CIRCUIT_FAILURE_THRESHOLD: count(3),
  CIRCUIT_CLOSE_AFTER: count(2),
  ...Object.fromEntries(BANK_CHANNELS.map((channel) => [secretsKey(channel), csv().optional()])),
});

export interface ConnectorsConfig {
  /** Base of every bank's API: `${bankBaseUrl}/banks/<CODE>/...`. */
  readonly bankBaseUrl: string;
  readonly callbackBaseUrl?: string | undefined;
  /** How long one HTTP call to a bank may take before the client gives up. */
  readonly bankTimeoutMs: number;
  /** Tries of one submission (same idempotency key) before asking the bank what it recorded. */
  readonly submitAttempts: number;
  readonly retryBackoffMs: number;
  readonly statusPollIntervalMs: number;
  /** After this long without a callback, the status query asks the bank. */
  readonly callbackGraceMs: number;
  readonly probeIntervalMs: number;
  readonly probeTimeoutMs: number;
  readonly failureThreshold: number;
  readonly closeAfter: number;
  /** Per channel: current secret first, then the previous one during a rotation. */
  readonly secrets: Readonly<Record<BankChannel, readonly string[]>>;
}

/** The sandbox's dev secrets (`sandbox-<code>-secret`): right for development, never for a real bank. */
export const devSecret = (channel: BankChannel): string => `sandbox-${channel.toLowerCase()}-secret`;

/** Reads the environment (zod, every bad variable named at once), then applies explicit overrides. */
export function connectorsConfig(overrides: Partial<ConnectorsConfig> = {}, env: NodeJS.ProcessEnv = process.env): ConnectorsConfig {
  const parsed = loadConfig(envSchema, env) as z.infer<typeof envSchema> & Record<string, string[] | undefined>;
  const secrets = Object.fromEntries(BANK_CHANNELS.map((c) => [c, parsed[secretsKey(c)] ?? [devSecret(c)]])) as Record<BankChannel, string[]>;
  return {
    bankBaseUrl: parsed.BANK_SANDBOX_URL.replace(/\/+$/, ''),
    callbackBaseUrl: parsed.CONNECTOR_CALLBACK_BASE_URL?.replace(/\/+$/, ''),
    bankTimeoutMs: parsed.BANK_TIMEOUT_MS,
    submitAttempts: parsed.BANK_SUBMIT_ATTEMPTS,
    retryBackoffMs: parsed.BANK_RETRY_BACKOFF_MS,
    statusPollIntervalMs: parsed.STATUS_POLL_INTERVAL_MS,
    callbackGraceMs: parsed.CALLBACK_GRACE_MS,
    probeIntervalMs: parsed.PROBE_INTERVAL_MS,
    probeTimeoutMs: parsed.PROBE_TIMEOUT_MS,
    failureThreshold: parsed.CIRCUIT_FAILURE_THRESHOLD,
    closeAfter: parsed.CIRCUIT_CLOSE_AFTER,
    secrets,
    // An override left undefined keeps the environment's value.
    ...Object.fromEntries(Object.entries(overrides).filter(([, value]) => value !== undefined)),
  };
}

export const CONNECTORS_CONFIG = Symbol('CONNECTORS_CONFIG');
