// The intake benchmark's ceiling: the same HTTP stack as a service (telemetry first, then Nest with
// the tracing and media-type middleware, the JSON body parser, the deny-by-default JWT guard and the
// problem filter), with a POST /v1/payments handler that returns a constant and touches nothing else.
import { startTelemetry } from '@pl/telemetry';
startTelemetry({ serviceName: 'bench-bare-route' });

import { Controller, HttpCode, Module, Post } from '@nestjs/common';
import { port, loadConfigOrExit } from '@pl/config';
import { authOptionsFromEnv, RequireScopes, SecurityModule } from '@pl/security';
import { bootstrapService, HealthModule } from '@pl/service-kit';
import { z } from 'zod';

const CONSTANT = { id: '00000000-0000-4000-8000-000000000000', object: 'payment', status: 'requested' };

@Controller('v1/payments')
class BareController {
  @Post()
  @HttpCode(201)
  @RequireScopes('payments:write')
  create() {
    return CONSTANT;
  }
}

@Module({})
class BareModule {}

async function main(): Promise<void> {
  const config = loadConfigOrExit(z.object({ PORT: port(3901) }), 'bench-bare-route');
  await bootstrapService({
    name: 'bench-bare-route',
    module: {
      module: BareModule,
      imports: [SecurityModule.forRoot(authOptionsFromEnv(process.env)), HealthModule.forRoot([])],
      controllers: [BareController],
    },
    port: config.PORT,
    host: '127.0.0.1',
    logger: ['fatal', 'error', 'warn'],
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`bench-bare-route failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
