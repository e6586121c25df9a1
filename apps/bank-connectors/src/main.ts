import './instrument';
import { ConfigError } from '@pl/config';
import { runStandalone } from '@pl/runtime';
import { connectorsConfig, type ConnectorsConfig } from './config';
import { startBankConnectors } from './start';

// The connectors' own variables are checked before anything starts: a bad one stops the process, named.
let config: ConnectorsConfig;
try {
  config = connectorsConfig();
} catch (error) {
  if (!(error instanceof ConfigError)) throw error;
  process.stderr.write(`bank-connectors: ${error.message}\n`);
  process.exit(1);
}

void runStandalone('bank-connectors', 3004, (options) => startBankConnectors(options, config));
