import type { INestApplication } from '@nestjs/common';
/* eslint-disable @nx/enforce-module-boundaries --
 * The embedded platform is the one composition root that runs the other applications in one
 * process; nothing else may import an application.
 */
import { startBankConnectors } from '../../bank-connectors/src/start';
import { startSandboxThread, type SandboxThread } from '../../bank-sandbox/src/thread';
import { startIntake } from '../../intake/src/start';
import { startRefunds } from '../../refunds/src/start';
import { startReporting } from '../../reporting/src/start';
import { startRisk } from '../../risk/src/start';
import { startRouting } from '../../routing/src/start';
/* eslint-enable @nx/enforce-module-boundaries */
import { CheckpointsAfterHandling, InProcessBus, PostgresCheckpointStore, Relay } from '@pl/messaging';
import { createRuntime, type Runtime, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';

export const SERVICE_PORTS = {
  intake: 0,
  risk: 1,
  routing: 2,
  'bank-connectors': 3,
  refunds: 4,
  reporting: 5,
  'bank-sandbox': 6,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

const STARTERS: Record<Exclude<ServiceName, 'bank-sandbox'>, (o: ServiceOptions) => Promise<ServiceHandle>> = {
  intake: startIntake,
  risk: startRisk,
  routing: startRouting,
  'bank-connectors': startBankConnectors,
  refunds: startRefunds,
  reporting: startReporting,
};

export interface Platform {
  readonly runtime: Runtime;
  readonly urls: Readonly<Record<ServiceName, string>>;
  /** Each service's Nest application, e.g. to enumerate its routes (the bank sandbox's is on its own thread). */
  apps(): Array<{ name: Exclude<ServiceName, 'bank-sandbox'>; app: INestApplication }>;
  /** Settles if the bank sandbox's thread ends before close() (with why): the platform has lost its bank. */
  readonly sandboxEnded: Promise<Error | undefined>;
  close(): Promise<void>;
}

/**
 * The embedded shape: every service in one process on one runtime (in-process bus, PostgreSQL
 * event store), each still on its own port with its own Nest application, plus the relay that
 * carries committed events from the event store's log to the bus, and the bank sandbox on a
 * thread of its own (bank-sandbox/src/thread.ts: the bank is not the platform, and on the main
 * thread its half of each bank call queued behind the services').
 * basePort 0 picks free ports (tests).
 */
export async function startPlatform(options: { databaseUrl: string; auth: AuthOptions; basePort: number; host?: string; groupCommit?: boolean }): Promise<Platform> {
  const host = options.host ?? '127.0.0.1';
  const runtime = await createRuntime(
    { DATABASE_URL: options.databaseUrl, BUS: 'inprocess', EVENT_STORE: 'postgres', EVENT_STORE_GROUP_COMMIT: options.groupCommit ?? true },
    'platform',
  );
  const bus = runtime.bus;
  if (!(bus instanceof InProcessBus)) {
    await runtime.close();
    throw new Error('the embedded platform runs on the in-process bus');
  }
  const handles: Array<{ name: Exclude<ServiceName, 'bank-sandbox'>; handle: { app: INestApplication; close(): Promise<void> } }> = [];
  const portOf = (name: ServiceName) => (options.basePort === 0 ? 0 : options.basePort + SERVICE_PORTS[name]);
  let sandbox: SandboxThread | undefined;
  try {
    // The sandbox first: the connectors need its URL (their callback URL is their own, found after listen).
    // Its books in the platform's database: killed with the platform, it still knows what it accepted.
    sandbox = await startSandboxThread({ port: portOf('bank-sandbox'), host, databaseUrl: options.databaseUrl });
    for (const [name, start] of Object.entries(STARTERS) as Array<[Exclude<ServiceName, 'bank-sandbox'>, (o: ServiceOptions) => Promise<ServiceHandle>]>) {
      const serviceOptions: ServiceOptions = { runtime, auth: options.auth, port: portOf(name), host, logLevels: ['fatal', 'error', 'warn'] };
      handles.push({ name, handle: name === 'bank-connectors' ? await startBankConnectors(serviceOptions, { bankBaseUrl: sandbox.url }) : await start(serviceOptions) });
    }
  } catch (error) {
    for (const { handle } of handles.reverse()) await handle.close();
    await sandbox?.close();
    await runtime.close();
    throw error;
  }
  const bank = sandbox;
  const durable = new PostgresCheckpointStore(options.databaseUrl);
  await durable.ensureSchema();
  // The in-process bus dies with the process: the relay's checkpoint moves only past what every
  // consumer has handled, so a restart publishes again whatever was still on its way.
  const checkpoints = new CheckpointsAfterHandling(durable, bus);
  const relay = new Relay({ store: runtime.store, bus, checkpoints, name: 'relay' });
  relay.start();
  const urls = {} as Record<ServiceName, string>;
  // Listed in SERVICE_PORTS order whatever the start order.
  for (const name of Object.keys(SERVICE_PORTS) as ServiceName[]) {
    const entry = handles.find((h) => h.name === name);
    if (entry) urls[name] = (await entry.handle.app.getUrl()).replace('[::1]', '127.0.0.1');
    if (name === 'bank-sandbox') urls[name] = bank.url;
  }
  return {
    runtime,
    urls,
    apps: () => handles.map(({ name, handle }) => ({ name, app: handle.app })),
    sandboxEnded: bank.ended,
    close: async () => {
      await relay.stop();
      for (const { handle } of handles.reverse()) await handle.close();
      // Last of the services, as before: the connectors may still call the bank while they drain.
      await bank.close();
      // After the services: what their consumers handled while draining counts.
      await checkpoints.close();
      await durable.close();
      await runtime.close();
    },
  };
}
