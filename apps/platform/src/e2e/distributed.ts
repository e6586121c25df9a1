import { randomUUID } from 'node:crypto';
import { EVENT_TOPICS, KafkaBus } from '@pl/messaging';
import { freePort, spawnEntry, waitForReady, type RunningProcess } from '@pl/testing';
import { AUDIENCE, ISSUER } from './harness';

/** The six services, the relay and the bank sandbox, each its own Node process over one Kafka broker. */
export const SERVICES = ['intake', 'risk', 'routing', 'bank-connectors', 'refunds', 'reporting'] as const;
export type DistributedService = (typeof SERVICES)[number];

export type DistributedProcess = DistributedService | 'relay' | 'bank-sandbox';

export interface Distributed {
  readonly urls: Readonly<Record<DistributedService | 'bank-sandbox', string>>;
  readonly processes: ReadonlyMap<string, RunningProcess>;
  stop(): Promise<void>;
  /** SIGKILL one process: a crash, not a shutdown. */
  kill(name: DistributedProcess): Promise<void>;
  /** Starts a killed (or stopped) process again with the same environment and port; resolves once it is ready. */
  restart(name: DistributedProcess, readyTimeoutMs?: number): Promise<void>;
}

export interface DistributedOptions {
  readonly databaseUrl: string;
  readonly brokers: readonly string[];
  readonly jwksJson: string;
  /** Extra environment per process (e.g. connectors' timeouts, routing's catalogue). */
  readonly env?: Partial<Record<DistributedService | 'relay' | 'bank-sandbox', Record<string, string>>>;
  /** Extra environment for every service and the relay (e.g. KAFKA_SESSION_TIMEOUT_MS). */
  readonly commonEnv?: Record<string, string>;
}

export async function startDistributed(options: DistributedOptions): Promise<Distributed> {
  const processes = new Map<string, RunningProcess>();
  // How each process was started and how it says it is ready: enough to start it again after a kill.
  const launches = new Map<string, { entry: string; env: Record<string, string>; readyUrl: string }>();
  const launch = (name: DistributedProcess, entry: string, env: Record<string, string>, readyUrl: string): RunningProcess => {
    launches.set(name, { entry, env, readyUrl });
    const proc = spawnEntry(entry, env);
    processes.set(name, proc);
    return proc;
  };
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
    ...options.commonEnv,
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
    const sandbox = launch('bank-sandbox', 'apps/bank-sandbox/src/main.ts', { PORT: String(sandboxPort), SANDBOX_ADMIN: '1', ...options.env?.['bank-sandbox'] }, `${urls['bank-sandbox']}/health/ready`);
    const ports = new Map<DistributedService, number>();
    for (const name of SERVICES) ports.set(name, await freePort());
    const connectorsUrl = `http://127.0.0.1:${ports.get('bank-connectors')}`;
    for (const name of SERVICES) {
      const port = ports.get(name)!;
      urls[name] = `http://127.0.0.1:${port}`;
      const extra: Record<string, string> = name === 'bank-connectors' ? { BANK_SANDBOX_URL: urls['bank-sandbox'], CONNECTOR_CALLBACK_BASE_URL: connectorsUrl } : {};
      launch(name, `apps/${name}/src/main.ts`, { ...common, PORT: String(port), ...extra, ...options.env?.[name] }, `${urls[name]}/health/ready`);
    }
    const relayPort = await freePort();
    const relayEnv = { ...common, RELAY_NAME: 'e2e-relay', RELAY_HEALTH_PORT: String(relayPort), ...options.env?.relay };
    const relay = launch('relay', 'apps/relay/src/main.ts', relayEnv, `http://127.0.0.1:${relayPort}/health/ready`);
    await waitForReady(`${urls['bank-sandbox']}/health/ready`, sandbox, 90_000);
    for (const name of SERVICES) await waitForReady(`${urls[name]}/health/ready`, processes.get(name)!, 90_000);
    await waitForReady(`http://127.0.0.1:${relayPort}/health/ready`, relay, 90_000);
  } catch (error) {
    await stop();
    throw error;
  }
  const known = (name: DistributedProcess) => {
    const how = launches.get(name);
    const proc = processes.get(name);
    if (!how || !proc) throw new Error(`no process named ${name}`);
    return { how, proc };
  };
  return {
    urls,
    processes,
    stop,
    kill: async (name) => known(name).proc.kill(),
    restart: async (name, readyTimeoutMs = 90_000) => {
      const { how, proc } = known(name);
      await proc.kill();
      const again = spawnEntry(how.entry, how.env);
      processes.set(name, again);
      await waitForReady(how.readyUrl, again, readyTimeoutMs);
    },
  };
}
