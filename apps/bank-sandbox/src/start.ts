import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { bootstrapService } from '@pl/service-kit';
import { SandboxModule } from './sandbox.module';
import type { SandboxJournal } from './journal';
import { SandboxState } from './sandbox-state';

export interface BankSandboxOptions {
  readonly port: number;
  readonly host: string;
  /** The unsigned /sandbox admin routes. Default: on only when SANDBOX_ADMIN=1. */
  readonly admin?: boolean;
  /** The bank's clock (signature freshness, processing time). */
  readonly now?: () => Date;
  readonly logger?: NestApplicationOptions['logger'];
  /** Where the books are kept across restarts (closed with the sandbox). Without one: in memory only. */
  readonly journal?: SandboxJournal;
}

export interface BankSandbox {
  readonly app: INestApplication;
  /** The in-memory bank, for in-process tests that configure or inspect it without HTTP. */
  readonly state: SandboxState;
  close(): Promise<void>;
}

export async function startBankSandbox(options: BankSandboxOptions): Promise<BankSandbox> {
  const state = new SandboxState(options.now, options.journal);
  // Read here, not only in main.ts, so the embedded platform can switch admin on for a demo too.
  const admin = options.admin ?? process.env['SANDBOX_ADMIN'] === '1';
  let app: INestApplication;
  try {
    await state.ledger.restore();
    app = await bootstrapService({
      name: 'bank-sandbox',
      module: SandboxModule.forRoot({ state, admin }),
      port: options.port,
      host: options.host,
      shutdownHooks: false,
      ...(options.logger === undefined ? {} : { logger: options.logger }),
    });
  } catch (error) {
    await options.journal?.close();
    throw error;
  }
  return {
    app,
    state,
    close: async () => {
      // Cancel held-back answers and pending callbacks first, so closing never waits on a simulated delay.
      await state.close();
      await app.close();
      await options.journal?.close();
    },
  };
}
