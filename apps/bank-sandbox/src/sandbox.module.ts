import { Module } from '@nestjs/common';
import { HealthModule } from '@pl/service-kit';

/**
 * The development bank sandbox: an HTTP server of the project's own that plays the banks
 * (latency, limits, failures, callbacks, statements) so connectors talk to it exactly as to a bank.
 * Today it boots and serves health endpoints; the bank behaviours arrive with issue #3.
 * It depends on nothing, so its readiness has no checks.
 */
@Module({ imports: [HealthModule.forRoot([])] })
export class SandboxModule {}
