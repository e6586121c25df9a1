import { commonServiceEnv, loadConfigOrExit, port } from '@pl/config';
import { authOptionsFromEnv } from '@pl/security';
import { createRuntime } from './runtime';
import type { ServiceHandle, ServiceOptions } from './service';

/**
 * Runs one service as its own process: validated configuration from the environment (a bad value
 * stops start-up with a message naming it), its runtime, graceful shutdown on SIGTERM / SIGINT.
 */
export async function runStandalone(
  name: string,
  defaultPort: number,
  start: (options: ServiceOptions) => Promise<ServiceHandle>,
): Promise<void> {
  const config = loadConfigOrExit(commonServiceEnv.extend({ PORT: port(defaultPort) }), name);
  let auth;
  try {
    auth = authOptionsFromEnv(process.env);
  } catch (error) {
    process.stderr.write(`${name}: ${(error as Error).message}\n`);
    process.exit(1);
  }
  const runtime = await createRuntime(config, name);
  const handle = await start({ runtime, auth, port: config.PORT, host: config.HOST });
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    process.stderr.write(`${name}: ${signal} received, shutting down\n`);
    await handle.close();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

