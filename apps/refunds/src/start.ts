import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import type { RefundPolicy } from './policy/refund-policy';
import { RefundsModule } from './refunds.module';

export const startRefunds = (options: ServiceOptions, policy?: RefundPolicy): Promise<ServiceHandle> =>
  startNestService('refunds', RefundsModule.forRoot(options.runtime, options.auth, policy), options);
