import { createServer, type Server } from 'node:http';

export interface HealthChecks {
  /** Resolves when the process can do its work; rejects (or times out) when it cannot. */
  ready(): Promise<void>;
}

const READY_TIMEOUT_MS = 2_000;

/**
 * `GET /health/live` says the process is up (restart it if not); `/health/ready` that the event
 * store and the broker answer and the relay is following the log (route traffic / alert if not).
 */
export async function serveHealth(port: number, host: string, checks: HealthChecks): Promise<Server> {
  const server = createServer((req, res) => {
    const reply = (status: number, body: object) => {
      res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    };
    if (req.method !== 'GET') return reply(405, { status: 'method not allowed' });
    if (req.url === '/health/live') return reply(200, { status: 'ok' });
    if (req.url !== '/health/ready') return reply(404, { status: 'not found' });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`not ready within ${READY_TIMEOUT_MS} ms`)), READY_TIMEOUT_MS);
    });
    Promise.race([checks.ready(), timeout])
      .then(() => reply(200, { status: 'ok' }))
      .catch((error: unknown) => reply(503, { status: 'unavailable', reason: error instanceof Error ? error.message : String(error) }))
      .finally(() => clearTimeout(timer));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
