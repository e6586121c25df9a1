import type { DynamicModule } from '@nestjs/common';
import { SecurityModule, type AuthOptions } from '@pl/security';
import { bootstrapService, HealthModule, type BootstrapOptions } from '@pl/service-kit';
import type { Runtime } from './runtime';
import type { ServiceHandle, ServiceOptions } from './service';
import { RuntimeModule } from './tokens';

export type Dependency = 'event-store' | 'bus';

export interface HealthCheck {
  readonly name: string;
  check(): Promise<void>;
}

/**
 * The modules every service imports: its runtime's ports, the deny-by-default security guard,
 * and health endpoints whose readiness checks the dependencies the service really uses.
 */
export function serviceImports(runtime: Runtime, auth: AuthOptions, uses: readonly Dependency[], extra: readonly HealthCheck[] = []): DynamicModule[] {
  const checks: HealthCheck[] = uses.map((dependency) =>
    dependency === 'event-store'
      ? { name: 'event-store', check: () => runtime.store.ping() }
      : { name: 'bus', check: () => runtime.bus.ping() },
  );
  return [RuntimeModule.forRoot(runtime), SecurityModule.forRoot(auth), HealthModule.forRoot([...checks, ...extra])];
}

/** Boots a service's Nest module on its port; the handle closes it. */
export async function startNestService(name: string, module: DynamicModule, options: ServiceOptions, http: Pick<BootstrapOptions, 'beforeRouting'> = {}): Promise<ServiceHandle> {
  // The caller (runStandalone or the embedded platform) owns signal handling and closes the runtime after.
  const app = await bootstrapService({
    name,
    module,
    port: options.port,
    host: options.host,
    shutdownHooks: false,
    ...http,
    ...(options.logLevels ? { logger: options.logLevels } : {}),
  });
  return { app, close: () => app.close() };
}
