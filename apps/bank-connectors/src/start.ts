import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { BankConnectorsModule } from './bank-connectors.module';
import { connectorsConfig, type ConnectorsConfig } from './config';
import { CallbackUrls } from './payments/callback-urls';

/**
 * `overrides` win over the environment: the embedded platform passes the sandbox's URL, tests pass
 * short intervals. Without a configured callback base URL, callbacks go to this app's own URL.
 */
export async function startBankConnectors(options: ServiceOptions, overrides: Partial<ConnectorsConfig> = {}): Promise<ServiceHandle> {
  const config = connectorsConfig(overrides);
  const handle = await startNestService('bank-connectors', BankConnectorsModule.forRoot(options.runtime, options.auth, config), options);
  handle.app.get(CallbackUrls).listeningAt((await handle.app.getUrl()).replace('[::1]', '127.0.0.1'));
  return handle;
}
