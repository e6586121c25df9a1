import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { openApiController } from '@pl/service-kit';
import { refundsOpenApiDocument } from './openapi/openapi.document';
import { REFUND_POLICY, refundPolicyFromEnv, type RefundPolicy } from './policy/refund-policy';
import { DecideApprovalHandler } from './refunds/decide-approval.handler';
import { PaymentSideConsumer } from './refunds/payment-side.consumer';
import { RefundsController } from './refunds/refunds.controller';
import { RequestRefundHandler } from './refunds/request-refund.handler';

/**
 * Refunds: refund policy, approvals, reservations on the payment stream, and closing each refund on
 * its payment once the bank's outcome is known. It only appends (the relay publishes); the bank side
 * of a refund is the connectors' job.
 */
@Module({})
export class RefundsModule {
  static forRoot(runtime: Runtime, auth: AuthOptions, policy: RefundPolicy = refundPolicyFromEnv()): DynamicModule {
    return {
      module: RefundsModule,
      imports: serviceImports(runtime, auth, ['event-store', 'bus']),
      controllers: [RefundsController, openApiController(refundsOpenApiDocument)],
      providers: [RequestRefundHandler, DecideApprovalHandler, PaymentSideConsumer, { provide: REFUND_POLICY, useValue: policy }],
    };
  }
}
