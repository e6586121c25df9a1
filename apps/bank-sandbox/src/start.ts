import type { INestApplication } from '@nestjs/common';
import { bootstrapService } from '@pl/service-kit';
import { SandboxModule } from './sandbox.module';

export async function startBankSandbox(options: { port: number; host: string }): Promise<{ app: INestApplication; close(): Promise<void> }> {
  const app = await bootstrapService({ name: 'bank-sandbox', module: SandboxModule, port: options.port, host: options.host, shutdownHooks: false });
  return { app, close: () => app.close() };
}
