import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Runtime } from './runtime';

/** Injection tokens for the runtime's ports. */
export const EVENT_STORE = Symbol('EVENT_STORE');
export const MESSAGE_BUS = Symbol('MESSAGE_BUS');
export const CLOCK = Symbol('CLOCK');
export const RUNTIME = Symbol('RUNTIME');

/** Makes one process's runtime injectable in a service's Nest module. */
@Global()
@Module({})
export class RuntimeModule {
  static forRoot(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: RUNTIME, useValue: runtime },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: MESSAGE_BUS, useValue: runtime.bus },
      { provide: CLOCK, useValue: runtime.clock },
    ];
    return { module: RuntimeModule, providers, exports: providers.map((p) => p.provide) };
  }
}
