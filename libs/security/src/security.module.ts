import { Module, type DynamicModule } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import type { AuthOptions } from './auth-options';
import { AuthGuard, TOKEN_VERIFIER } from './auth.guard';
import { createTokenVerifier } from './token-verifier';

export const AUTH_OPTIONS = Symbol('AUTH_OPTIONS');

/**
 * Installs the deny-by-default guard for the whole application. Import it once, in the root module
 * of each service, with the issuer it trusts.
 */
@Module({})
export class SecurityModule {
  static forRoot(options: AuthOptions): DynamicModule {
    return {
      module: SecurityModule,
      global: true,
      providers: [
        { provide: AUTH_OPTIONS, useValue: options },
        { provide: TOKEN_VERIFIER, useFactory: () => createTokenVerifier(options) },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
      exports: [AUTH_OPTIONS, TOKEN_VERIFIER],
    };
  }
}
