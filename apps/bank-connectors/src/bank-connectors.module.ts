import { Module, type DynamicModule } from '@nestjs/common';
import { serviceImports, type Runtime } from '@pl/runtime';
import type { AuthOptions } from '@pl/security';

/**
 * Bank connectors: one adapter per bank over HTTP, signed callbacks, probes, circuit breakers (issue #3).
 * Today it boots, checks its real dependencies (event store and bus) and serves health endpoints.
 */
@Module({})
export class BankConnectorsModule {
  static forRoot(runtime: Runtime, auth: AuthOptions): DynamicModule {
    return { module: BankConnectorsModule, imports: serviceImports(runtime, auth, ['event-store', 'bus']) };
  }
}
