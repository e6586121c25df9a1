import { startNestService, type ServiceHandle, type ServiceOptions } from '@pl/runtime';
import { IntakeModule } from './intake.module';
import { PaymentsInFlight } from './payments/payments-in-flight';
import { shedNewPayments } from './payments/shed-new-payments';

export const startIntake = (options: ServiceOptions): Promise<ServiceHandle> =>
  startNestService('intake', IntakeModule.forRoot(options.runtime, options.auth), options, {
    // Refusals while the pipeline is full are answered before Fastify sees them (shed-new-payments.ts).
    beforeRouting: (app) => [shedNewPayments(app.get(PaymentsInFlight))],
  });
