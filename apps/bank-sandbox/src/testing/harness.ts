import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { signedHeaders, SIGNATURE_HEADER, TIMESTAMP_HEADER, verifySignature, type BankChannel, type VerifyResult } from '@pl/bank-protocol';
import { freePort } from '@pl/testing';
import type { BehaviourUpdate } from '../behaviour';
import { defaultBehaviour } from '../behaviour';
import type { SandboxJournal } from '../journal';
import type { ChannelStats } from '../ledger';
import { startBankSandbox, type BankSandbox } from '../start';

/** The dev secret the sandbox uses for a channel until a test changes it. */
export const secretOf = (channel: BankChannel): string => defaultBehaviour(channel).secret;

/** Tests read protocol answers loosely and assert on them; the schemas are tested in @pl/bank-protocol. */
export type TestResponse = Omit<Response, 'json'> & { json(): Promise<any> };

export interface TestSandbox {
  readonly sandbox: BankSandbox;
  readonly base: string;
  configure(channel: BankChannel, update: BehaviourUpdate): Promise<void>;
  stats(channel: BankChannel): Promise<ChannelStats>;
  /** A request as a connector sends it: signed with the channel's secret unless told otherwise. */
  call(channel: BankChannel, method: 'GET' | 'POST', path: string, body?: unknown, options?: { secrets?: string[]; signal?: AbortSignal }): Promise<TestResponse>;
  close(): Promise<void>;
}

/** A sandbox on a free port with the admin routes on, driven over real HTTP like a connector would. */
export async function startTestSandbox(options: { journal?: SandboxJournal } = {}): Promise<TestSandbox> {
  const sandbox = await startBankSandbox({ port: await freePort(), host: '127.0.0.1', admin: true, logger: false, ...options });
  const base = (await sandbox.app.getUrl()).replace('[::1]', '127.0.0.1');
  const json = { 'content-type': 'application/json' };
  return {
    sandbox,
    base,
    configure: async (channel, update) => {
      const res = await fetch(`${base}/sandbox/channels/${channel}`, { method: 'PUT', headers: json, body: JSON.stringify(update) });
      if (res.status !== 200) throw new Error(`configure ${channel}: ${res.status} ${await res.text()}`);
    },
    stats: async (channel) => (await (await fetch(`${base}/sandbox/channels/${channel}/stats`)).json()) as ChannelStats,
    call: (channel, method, path, body, options) => {
      const raw = body === undefined ? '' : JSON.stringify(body);
      const headers = { ...(body === undefined ? {} : json), ...signedHeaders(options?.secrets ?? [secretOf(channel)], raw, new Date()) };
      return fetch(`${base}/banks/${channel}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: raw }),
        ...(options?.signal ? { signal: options.signal } : {}),
      });
    },
    close: () => sandbox.close(),
  };
}

export interface ReceivedCallback {
  readonly body: Record<string, unknown>;
  readonly verification: VerifyResult;
  readonly at: number;
}

export interface CallbackReceiver {
  readonly url: string;
  readonly received: ReceivedCallback[];
  close(): Promise<void>;
}

const header = (headers: IncomingHttpHeaders, name: string) => {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
};

/** Our side of a callback: a bare node:http server that verifies like a connector and answers 401 or 204. */
export async function startCallbackReceiver(secrets: string[]): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      const verification = verifySignature({
        secrets,
        timestamp: header(req.headers, TIMESTAMP_HEADER),
        signatureHeader: header(req.headers, SIGNATURE_HEADER),
        rawBody: raw,
        now: new Date(),
      });
      received.push({ body: JSON.parse(raw.toString('utf8')), verification, at: Date.now() });
      res.statusCode = verification.ok ? 204 : 401;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callbacks`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let sequence = 0;
/** A fresh, valid submission; pass overrides for the field a scenario is about. */
export function aSubmission(callbackUrl: string, overrides: Record<string, string> = {}) {
  sequence += 1;
  return {
    paymentId: `pay-${sequence}`,
    idempotencyKey: `idem-${sequence}`,
    amountMinor: '10000',
    currency: 'CNY',
    methodToken: 'tok_test_card',
    callbackUrl,
    ...overrides,
  };
}
