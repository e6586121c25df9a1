import { startTelemetry } from '@pl/telemetry';
startTelemetry({ serviceName: 'bank-sandbox' });

import { z } from 'zod';
import { bool, loadConfigOrExit, port } from '@pl/config';
import { startBankSandbox } from './start';

const config = loadConfigOrExit(
  z.object({ PORT: port(3007), HOST: z.string().default('127.0.0.1'), SANDBOX_ADMIN: bool(false) }),
  'bank-sandbox',
);
void startBankSandbox({ port: config.PORT, host: config.HOST, admin: config.SANDBOX_ADMIN });
