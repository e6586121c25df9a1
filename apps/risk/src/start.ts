import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { RiskModule } from './risk.module';

export const startRisk = (options: ServiceOptions): Promise<ServiceHandle> =>
  startNestService('risk', RiskModule.forRoot(options.runtime, options.auth), options);
