import { startTelemetry } from '@pl/telemetry';
startTelemetry({ serviceName: 'platform' });

import { z } from 'zod';
import { bool, loadConfigOrExit, port, postgresUrl } from '@pl/config';
import { authOptionsFromEnv, createDevIssuer, type AuthOptions } from '@pl/security';
import { startPlatform } from './platform';

const ALL_SCOPES = [
  'payments:write',
  'payments:read',
  'refunds:write',
  'refunds:read',
  'refunds:approve',
  'audit:read',
  'reconciliation:write',
  'risk:manage',
  'risk:review',
  'channels:manage',
];

/** `npm start`: every service in one process on embedded defaults, printing where each listens. */
async function main(): Promise<void> {
  const config = loadConfigOrExit(
    z.object({
      DATABASE_URL: postgresUrl(),
      BASE_PORT: port(3001),
      HOST: z.string().default('127.0.0.1'),
      AUTH_DEV_ISSUER: bool(false),
      EVENT_STORE_GROUP_COMMIT: bool(true),
    }),
    'platform',
  );
  let auth: AuthOptions;
  let devToken: string | undefined;
  if (config.AUTH_DEV_ISSUER) {
    // Only when the operator asked for it: a throw-away signing key living in this process.
    const issuer = await createDevIssuer({ issuer: 'urn:payment-ledger:dev-issuer', audience: 'payment-ledger' });
    auth = { issuer: 'urn:payment-ledger:dev-issuer', audience: 'payment-ledger', jwks: { keys: issuer.publicJwks() } };
    devToken = await issuer.issueToken({ subject: 'dev-client', scopes: ALL_SCOPES, ttlSeconds: 12 * 3600 });
  } else {
    auth = authOptionsFromEnv(process.env);
  }
  const platform = await startPlatform({ databaseUrl: config.DATABASE_URL, auth, basePort: config.BASE_PORT, host: config.HOST, groupCommit: config.EVENT_STORE_GROUP_COMMIT });
  const lines = Object.entries(platform.urls).map(([name, url]) => `  ${name.padEnd(16)} ${url}`);
  process.stdout.write(`\nPayment ledger is running (embedded: one process, in-process bus, PostgreSQL event store)\n${lines.join('\n')}\n`);
  if (devToken) {
    process.stdout.write(`\nDevelopment token (scopes: ${ALL_SCOPES.join(' ')}; valid 12 h):\n\n  export TOKEN=${devToken}\n\n`);
  }
  process.stdout.write('Ready.\n');
  let stopping = false;
  const shutdown = (code: number) => {
    if (stopping) return;
    stopping = true;
    void platform.close().then(() => process.exit(code));
  };
  process.once('SIGINT', () => shutdown(0));
  process.once('SIGTERM', () => shutdown(0));
  // Without its bank no payment can settle: say so and stop, rather than run on half a platform.
  void platform.sandboxEnded.then((error) => {
    if (!error || stopping) return;
    process.stderr.write(`platform: the bank sandbox stopped (${error.message}); stopping\n`);
    shutdown(1);
  });
}

void main().catch((error: unknown) => {
  process.stderr.write(`platform failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
