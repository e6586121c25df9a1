import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';

/**
 * Routing: channel catalogue, live channel scores, fee quotes. Consumes approved payments (issue #3).
 * Today it boots, checks its real dependencies (event store and bus) and serves health endpoints.
 */
@Module({})
export class RoutingModule {
  static forRoot(runtime: Runtime, auth: AuthOptions): DynamicModule {
    return { module: RoutingModule, imports: serviceImports(runtime, auth, ['event-store', 'bus']) };
  }
}
