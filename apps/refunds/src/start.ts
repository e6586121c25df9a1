import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { RefundsModule } from './refunds.module';

export const startRefunds = (options: ServiceOptions): Promise<ServiceHandle> =>
  startNestService('refunds', RefundsModule.forRoot(options.runtime, options.auth), options);
