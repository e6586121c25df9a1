import { randomUUID } from 'node:crypto';
import { EVENT_TOPICS, KafkaBus } from '@pl/messaging';
import { freePort, spawnEntry, waitForReady, type RunningProcess } from '@pl/testing';
import { AUDIENCE, ISSUER } from './harness';

/** The six services, the relay and the bank sandbox, each its own Node process over one Kafka broker. */
export const SERVICES = ['intake', 'risk', 'routing', 'bank-connectors', 'refunds', 'reporting'] as const;
export type DistributedService = (typeof SERVICES)[number];

export interface Distributed {
  readonly urls: Readonly<Record<DistributedService | 'bank-sandbox', string>>;
  readonly processes: ReadonlyMap<string, RunningProcess>;
  stop(): Promise<void>;
}

export interface DistributedOptions {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly jwksJson: string;
  /** Extra environment per process (e.g. connectors' timeouts, routing's catalogue). */
  readonly env?: Partial<Record<DistributedService | 'relay' | 'bank-sandbox', Record<string, string>>>;
}

export async function startDistributed(options: DistributedOptions): Promise<Distributed> {
  const processes = new Map<string, RunningProcess>();
  const urls = {} as Record<DistributedService | 'bank-sandbox', string>;
  const common = {
    DATABASE_URL: options.databaseUrl,
    BUS: 'kafka',
    KAFKA_BROKERS: options.brokers.join(','),
    // Test files run side by side on one broker: each system gets topics and groups of its own.
    KAFKA_NAMESPACE: `e2e-${randomUUID().slice(0, 8)}.`,
    AUTH_ISSUER: ISSUER,
    AUTH_AUDIENCE: AUDIENCE,
    AUTH_JWKS: options.jwksJson,
  };
  // The deploy step: topics exist (with leaders) before any service starts.
  const setup = new KafkaBus({ brokers: [...options.brokers], clientId: 'e2e-setup', namespace: common.KAFKA_NAMESPACE });
  try {
    await setup.prepareTopics([...EVENT_TOPICS, 'erp.payment-requests', 'erp.payment-status']);
  } finally {
    await setup.close();
  }
  const stop = async () => {
    await Promise.all([...processes.values()].map((p) => p.stop()));
  };
  try {
    const sandboxPort = await freePort();
    urls['bank-sandbox'] = `http://127.0.0.1:${sandboxPort}`;
    const sandbox = spawnEntry('apps/bank-sandbox/src/main.ts', { PORT: String(sandboxPort), SANDBOX_ADMIN: '1', ...options.env?.['bank-sandbox'] });
    processes.set('bank-sandbox', sandbox);
    const ports = new Map<DistributedService, number>();
    for (const name of SERVICES) ports.set(name, await freePort());
    const connectorsUrl = `http://127.0.0.1:${ports.get('bank-connectors')}`;
    for (const name of SERVICES) {
      const port = ports.get(name)!;
      urls[name] = `http://127.0.0.1:${port}`;
      const extra: Record<string, string> = name === 'bank-connectors' ? { BANK_SANDBOX_URL: urls['bank-sandbox'], CONNECTOR_CALLBACK_BASE_URL: connectorsUrl } : {};
      processes.set(name, spawnEntry(`apps/${name}/src/main.ts`, { ...common, PORT: String(port), ...extra, ...options.env?.[name] }));
    }
    const relayPort = await freePort();
    const relay = spawnEntry('apps/relay/src/main.ts', { ...common, RELAY_NAME: 'e2e-relay', RELAY_HEALTH_PORT: String(relayPort), ...options.env?.relay });
    processes.set('relay', relay);
    await waitForReady(`${urls['bank-sandbox']}/health/ready`, sandbox, 90_000);
    for (const name of SERVICES) await waitForReady(`${urls[name]}/health/ready`, processes.get(name)!, 90_000);
    await waitForReady(`http://127.0.0.1:${relayPort}/health/ready`, relay, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, processes, stop };
}
