import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { BankConnectorsModule } from './bank-connectors.module';

export const startBankConnectors = (options: ServiceOptions): Promise<ServiceHandle> =>
  startNestService('bank-connectors', BankConnectorsModule.forRoot(options.runtime, options.auth), options);
