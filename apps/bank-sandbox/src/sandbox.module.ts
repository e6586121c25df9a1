import { Module, type DynamicModule } from '@nestjs/common';
import { HealthModule } from '@pl/service-kit';
import { AdminController } from './admin.controller';
import { BankController } from './bank.controller';
import { BankSignatureGuard } from './bank-signature.guard';
import { SANDBOX_STATE, type SandboxState } from './sandbox-state';

export interface SandboxModuleOptions {
  readonly state: SandboxState;
  /** Registers the unsigned /sandbox admin routes. Off unless asked for. */
  readonly admin: boolean;
}

/**
 * The development bank sandbox: an HTTP server of the project's own that plays the banks and wallets
 * (latency, limits, failures, callbacks) so connectors talk to it exactly as to a bank. It depends on
 * nothing, so its readiness has no checks. Banks authenticate by HMAC signature (BankSignatureGuard);
 * there is no JWT guard here.
 */
@Module({})
export class SandboxModule {
  static forRoot(options: SandboxModuleOptions): DynamicModule {
    return {
      module: SandboxModule,
      imports: [HealthModule.forRoot([])],
      controllers: options.admin ? [BankController, AdminController] : [BankController],
      providers: [{ provide: SANDBOX_STATE, useValue: options.state }, BankSignatureGuard],
    };
  }
}
