import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { RoutingModule } from './routing.module';

export const startRouting = (options: ServiceOptions): Promise<ServiceHandle> =>
  startNestService('routing', RoutingModule.forRoot(options.runtime, options.auth), options);
