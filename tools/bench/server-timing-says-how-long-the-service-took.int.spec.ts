import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { serverTimingMs } from './suites/http-load';

// A plain node:http server that holds each answer for a set time, with the intake suite's preload.
const SERVER = `
const http = require('node:http');
const server = http.createServer((req, res) => {
  const hold = Number(new URL(req.url, 'http://x').searchParams.get('hold'));
  setTimeout(() => { res.setHeader('content-type', 'application/json'); res.end('{}'); }, hold);
});
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;

function get(port: number, path: string): Promise<{ status: number; timing: string | string[] | undefined }> {
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path }, (res) => {
      res.resume();
      res.on('end', () => done({ status: res.statusCode ?? 0, timing: res.headers['server-timing'] }));
    });
    req.on('error', fail);
    req.end();
  });
}

describe('server-timing.cjs (the intake suite reads how long each answer took inside the service)', () => {
  let child: ChildProcess;
  let port: number;

  beforeAll(async () => {
    child = spawn(process.execPath, ['--require', resolve(__dirname, 'suites/server-timing.cjs'), '-e', SERVER], { stdio: ['ignore', 'pipe', 'inherit'] });
    const [line] = (await once(child.stdout!, 'data')) as [Buffer];
    port = Number(line.toString().trim());
  });

  afterAll(() => {
    child.kill();
  });

  it('stamps every answer with the time the service held it, including an answer ended without writeHead', async () => {
    const held = await get(port, '/?hold=40');
    const quick = await get(port, '/?hold=0');
    expect(held.status).toBe(200);
    const heldMs = serverTimingMs(held.timing);
    const quickMs = serverTimingMs(quick.timing);
    expect(heldMs).toBeGreaterThanOrEqual(39);
    expect(quickMs).toBeDefined();
    expect(quickMs!).toBeLessThan(heldMs!);
  });

  it('reads the app entry of a Server-Timing header and nothing else', () => {
    expect(serverTimingMs('app;dur=12.5')).toBe(12.5);
    expect(serverTimingMs('db;dur=3, app;dur=7.25')).toBe(7.25);
    expect(serverTimingMs(['cache;desc=hit', 'app;dur=1'])).toBe(1);
    expect(serverTimingMs('db;dur=3')).toBeUndefined();
    expect(serverTimingMs(undefined)).toBeUndefined();
  });
});
