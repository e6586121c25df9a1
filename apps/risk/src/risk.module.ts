import { Module, type DynamicModule } from '@nestjs/common';
import type { Pool } from 'pg';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';
import { BlocklistController } from './api/blocklist.controller';
import { ReviewPaymentHandler } from './api/review-payment.handler';
import { ReviewsController } from './api/reviews.controller';
import { AssessPaymentHandler } from './assessment/assess-payment.handler';
import { PaymentRequestedConsumer } from './assessment/payment-requested.consumer';
import { RiskPolicySource } from './policy/risk-policy.file';
import { Blocklist } from './store/blocklist';
import { RiskRequests } from './store/risk-requests';

/**
 * Risk: rules, lists, velocity counters and explained scores. Consumes PaymentRequested and
 * appends PaymentRiskAssessed; serves the blocklist and manual review to risk staff.
 */
@Module({})
export class RiskModule {
  static forRoot(runtime: Runtime, auth: AuthOptions, db: Pool, policies: RiskPolicySource): DynamicModule {
    return {
      module: RiskModule,
      imports: serviceImports(runtime, auth, ['event-store', 'bus'], [{ name: 'risk-store', check: async () => void (await db.query('SELECT 1')) }]),
      controllers: [BlocklistController, ReviewsController],
      providers: [
        { provide: RiskRequests, useValue: new RiskRequests(db) },
        { provide: Blocklist, useValue: new Blocklist(db) },
        { provide: RiskPolicySource, useValue: policies },
        AssessPaymentHandler,
        ReviewPaymentHandler,
        PaymentRequestedConsumer,
      ],
    };
  }
}
