import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { IntakeModule } from './intake.module';

export const startIntake = (options: ServiceOptions): Promise<ServiceHandle> =>
  startNestService('intake', IntakeModule.forRoot(options.runtime, options.auth), options);
