import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { PaymentsController } from './payments/payments.controller';
import { RequestPaymentHandler } from './payments/request-payment.handler';

@Module({})
export class IntakeModule {
  static forRoot(runtime: Runtime, auth: AuthOptions): DynamicModule {
    return {
      module: IntakeModule,
      // Intake only appends: the relay, not intake, publishes to the bus.
      imports: serviceImports(runtime, auth, ['event-store']),
      controllers: [PaymentsController],
      providers: [RequestPaymentHandler],
    };
  }
}
