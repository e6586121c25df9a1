// The bank sandbox's thread (thread.ts): starts it, says where it listens, closes it when asked.
import { startTelemetry } from '@pl/telemetry';
startTelemetry({ serviceName: 'bank-sandbox' });

import { parentPort, workerData } from 'node:worker_threads';
import { PostgresSandboxJournal } from './journal';
import { startBankSandbox } from './start';
import type { SandboxThreadMessage, SandboxThreadOptions } from './thread';

const port = parentPort;
if (!port) throw new Error('thread.worker.ts runs as a worker thread (startSandboxThread)');
const options = workerData as SandboxThreadOptions;
const say = (message: SandboxThreadMessage) => port.postMessage(message);

startBankSandbox({ port: options.port, host: options.host, logger: ['fatal', 'error', 'warn'], journal: new PostgresSandboxJournal(options.databaseUrl) }).then(
  async (sandbox) => {
    port.once('message', () => {
      void sandbox.close().then(() => {
        say({ type: 'closed' });
        port.close();
      });
    });
    say({ type: 'listening', url: (await sandbox.app.getUrl()).replace('[::1]', '127.0.0.1') });
  },
  (error: unknown) => {
    say({ type: 'failed', error: error instanceof Error ? error.message : String(error) });
    port.close();
  },
);
