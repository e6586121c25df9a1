import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';

/**
 * Refunds: refund policy, approvals, reservations on the payment stream (issue #4).
 * Today it boots, checks its real dependencies (event store and bus) and serves health endpoints.
 */
@Module({})
export class RefundsModule {
  static forRoot(runtime: Runtime, auth: AuthOptions): DynamicModule {
    return { module: RefundsModule, imports: serviceImports(runtime, auth, ['event-store', 'bus']) };
  }
}
