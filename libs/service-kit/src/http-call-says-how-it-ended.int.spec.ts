import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpCall } from './http-client';

type Route = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A real HTTP server on a free port; each test says how it answers. */
async function serve(route: Route): Promise<{ url: string; server: Server; remotePorts: number[] }> {
  const remotePorts: number[] = [];
  const server = createServer((req, res) => {
    remotePorts.push(req.socket.remotePort ?? 0);
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => route(req, body, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, remotePorts };
}

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

async function given(route: Route) {
  const started = await serve(route);
  servers.push(started.server);
  return started;
}

describe('httpCall', () => {
  it('sends the exact body and headers, and resolves with any status and the whole answer', async () => {
    const seen: { method?: string; type?: string; length?: string; body?: string }[] = [];
    const { url } = await given((req, body, res) => {
      seen.push({ method: req.method, type: req.headers['content-type'], length: req.headers['content-length'], body });
      res.statusCode = req.url === '/missing' ? 404 : req.url === '/busy' ? 503 : 200;
      res.end(JSON.stringify({ echoed: body }));
    });
    const raw = JSON.stringify({ amount: '1999', payer: 'Zoë' });

    const ok = await httpCall(`${url}/orders`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: raw, timeoutMs: 2_000 });
    const missing = await httpCall(`${url}/missing`, { method: 'GET', timeoutMs: 2_000 });
    const busy = await httpCall(`${url}/busy`, { method: 'GET', timeoutMs: 2_000 });

    expect(ok).toEqual({ status: 200, ok: true, text: JSON.stringify({ echoed: raw }) });
    expect(seen[0]).toEqual({ method: 'POST', type: 'application/json', length: String(Buffer.byteLength(raw)), body: raw });
    expect([missing.status, missing.ok, busy.status, busy.ok]).toEqual([404, false, 503, false]);
  });

  it('keeps the connection open between calls', async () => {
    const { url, remotePorts } = await given((_req, _body, res) => res.end('{}'));

    for (let i = 0; i < 3; i += 1) await httpCall(url, { method: 'GET', timeoutMs: 2_000 });

    expect(remotePorts).toHaveLength(3);
    expect(new Set(remotePorts).size).toBe(1);
  });

  it('fails with a TimeoutError when the whole answer does not come in time, a body that trickles included', async () => {
    const { url } = await given((req, _body, res) => {
      if (req.url === '/trickle') {
        res.writeHead(200, { 'content-length': '100' });
        res.write('{"partial":');
      }
      // Otherwise never answers.
    });

    await expect(httpCall(`${url}/silent`, { method: 'GET', timeoutMs: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(httpCall(`${url}/trickle`, { method: 'GET', timeoutMs: 100 })).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('fails with an AbortError when the signal aborts, before or during the call', async () => {
    const { url } = await given(() => undefined);
    const during = new AbortController();
    const pending = httpCall(url, { method: 'GET', timeoutMs: 5_000, signal: during.signal });
    setTimeout(() => during.abort(), 50);

    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    await expect(httpCall(url, { method: 'GET', timeoutMs: 5_000, signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('fails when nobody listens, and when the connection drops mid-answer', async () => {
    const { url, server } = await given((_req, _body, res) => {
      res.writeHead(200, { 'content-length': '100' });
      res.write('{"partial":', () => res.socket?.destroy());
    });
    const cut = httpCall(url, { method: 'GET', timeoutMs: 2_000 });
    await expect(cut).rejects.toThrow();
    await expect(cut).rejects.not.toMatchObject({ name: 'TimeoutError' });

    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await expect(httpCall(url, { method: 'GET', timeoutMs: 2_000 })).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
