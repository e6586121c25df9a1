import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { ErpPaymentRequestsConsumer } from './erp/erp-payment-requests.consumer';
import { ErpPaymentStatusPublisher } from './erp/erp-payment-status.publisher';
import { OpenApiController } from './openapi/openapi.controller';
import { GetPaymentHandler } from './payments/get-payment.handler';
import { PaymentsController } from './payments/payments.controller';
import { INTAKE_LIMITS, intakeLimitsFromEnv, PaymentsInFlight, type IntakeLimits } from './payments/payments-in-flight';
import { RequestPaymentHandler } from './payments/request-payment.handler';

@Module({})
export class IntakeModule {
  static forRoot(runtime: Runtime, auth: AuthOptions, limits: IntakeLimits = intakeLimitsFromEnv()): DynamicModule {
    return {
      module: IntakeModule,
      // Intake appends (the relay, not intake, publishes events), consumes the ERP request topic and
      // translates payment events into the ERP status topic.
      imports: serviceImports(runtime, auth, ['event-store', 'bus']),
      controllers: [PaymentsController, OpenApiController],
      providers: [
        { provide: INTAKE_LIMITS, useValue: limits },
        PaymentsInFlight,
        RequestPaymentHandler,
        GetPaymentHandler,
        ErpPaymentRequestsConsumer,
        ErpPaymentStatusPublisher,
      ],
    };
  }
}
