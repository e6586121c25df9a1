import { startTelemetry } from '@pl/telemetry';
startTelemetry({ serviceName: 'bank-sandbox' });

import { z } from 'zod';
import { bool, loadConfigOrExit, port, postgresUrl } from '@pl/config';
import { PostgresSandboxJournal } from './journal';
import { startBankSandbox } from './start';

const config = loadConfigOrExit(
  z.object({
    PORT: port(3007),
    HOST: z.string().default('127.0.0.1'),
    SANDBOX_ADMIN: bool(false),
    /** Keeps the books in this PostgreSQL database across restarts; unset, in memory only. */
    SANDBOX_DATABASE_URL: postgresUrl().optional(),
  }),
  'bank-sandbox',
);
void startBankSandbox({
  port: config.PORT,
  host: config.HOST,
  admin: config.SANDBOX_ADMIN,
  ...(config.SANDBOX_DATABASE_URL ? { journal: new PostgresSandboxJournal(config.SANDBOX_DATABASE_URL) } : {}),
});
