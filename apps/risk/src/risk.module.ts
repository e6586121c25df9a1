import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';

/**
 * Risk: rules, lists, velocity counters and explained scores. Consumes PaymentRequested (issue #3).
 * Today it boots, checks its real dependencies (event store and bus) and serves health endpoints.
 */
@Module({})
export class RiskModule {
  static forRoot(runtime: Runtime, auth: AuthOptions): DynamicModule {
    return { module: RiskModule, imports: serviceImports(runtime, auth, ['event-store', 'bus']) };
  }
}
