import type { INestApplication } from '@nestjs/common';
import type { AuthOptions } from '@pl/security';
import type { Runtime } from './runtime';

/** What every service's `start<Name>()` takes: the same in one process or in many. */
export interface ServiceOptions {
  readonly runtime: Runtime;
  readonly auth: AuthOptions;
  readonly port: number;
  readonly host: string;
  /** Nest's log levels; the embedded platform keeps to warnings and errors so its banner stays readable. */
  readonly logLevels?: Array<'fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose'>;
}

export interface ServiceHandle {
  readonly app: INestApplication;
  close(): Promise<void>;
}
