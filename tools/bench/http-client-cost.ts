// The CPU one bank call costs the calling process, with `fetch` and with the connectors' httpCall
// (node:http, kept-alive connections), against a bare node:http server in the same process:
//   node -r @swc-node/register tools/bench/http-client-cost.ts
// Three alternating rounds of 10,000 signed-size POSTs each, 16 in flight. Figures in docs/benchmarks.md.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { httpCall } from '@pl/service-kit';

const CALLS = 10_000;
const IN_FLIGHT = 16;

async function main(): Promise<void> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.end('{"accepted":true,"bankRequestId":"b-1"}'));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/banks/ICBC/payments`;
  const body = JSON.stringify({ paymentId: 'p'.repeat(36), amountMinor: '1999', currency: 'CNY', callbackUrl: 'http://127.0.0.1:1/x'.padEnd(80, 'x') });
  const headers = { 'content-type': 'application/json', 'x-signature': 's'.repeat(64) };
  const clients: Record<string, () => Promise<string>> = {
    fetch: async () => (await fetch(url, { method: 'POST', headers, body, signal: AbortSignal.timeout(2_000) })).text(),
    httpCall: async () => (await httpCall(url, { method: 'POST', headers, body, timeoutMs: 2_000 })).text,
  };
  for (let round = 1; round <= 3; round += 1) {
    for (const [name, call] of Object.entries(clients)) {
      let started = 0;
      const cpu = process.cpuUsage();
      const t0 = performance.now();
      await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
        while (started++ < CALLS) await call();
      }));
      const seconds = (performance.now() - t0) / 1000;
      const used = process.cpuUsage(cpu);
      console.log(`round ${round} ${name.padEnd(8)} ${((used.user + used.system) / CALLS).toFixed(0).padStart(4)} µs CPU per call (client and server)  ${(CALLS / seconds).toFixed(0)} calls/s`);
    }
  }
  server.closeAllConnections();
  server.close();
}

void main();
