import { regionalPaymentBody } from '../../../apps/platform/src/e2e/thousand-payments.fixtures';

export interface LoadOptions {
  readonly intakeUrl: string;
  readonly auth: Record<string, string>;
  readonly payments: number;
  readonly concurrency: number;
  /** Keys are `chaos-<run>-<i>`: unique per payment, the same on every retry of it. */
  readonly run: string;
  readonly random: () => number;
  /** Give up on one payment after this long without a 201 (it counts as not acknowledged, not as lost). */
  readonly giveUpAfterMs?: number;
  /** Asked before each request: true stops sending (the payments not yet sent are not acknowledged). */
  readonly stopWhen?: () => boolean;
}

export interface LoadResult {
  /** Payment ids a 201 came back for: the ones that must not be lost. */
  readonly acknowledged: string[];
  /** Payments never acknowledged (the client gave up or got a 4xx). */
  readonly unacknowledged: number;
  readonly requests: number;
  /** Retries after a 5xx, a 409 (same key in flight) or a broken connection. */
  readonly retries: number;
  readonly connectionErrors: number;
  readonly serverErrors: number;
  /** 4xx other than 409: the request was refused and is not retried. */
  readonly refused: Array<{ i: number; status: number; body: unknown }>;
  readonly durationMs: number;
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface ErpAnswer {
  /** The final status: 201 or a refusal (4xx but 409); undefined when the client gave up. */
  readonly status: number | undefined;
  readonly body: unknown;
  readonly requests: number;
  readonly connectionErrors: number;
  readonly serverErrors: number;
}

/**
 * One POST as an ERP sends it: the same key and body again after a 5xx, a 409 (the same key still
 * in flight) or a broken connection, with jittered back-off, until another answer or `giveUpAfterMs`.
 */
export async function postAsAnErp(
  url: string,
  payload: unknown,
  headers: Record<string, string>,
  random: () => number,
  giveUpAfterMs: number,
  stopWhen?: () => boolean,
): Promise<ErpAnswer> {
  const body = JSON.stringify(payload);
  const deadline = Date.now() + giveUpAfterMs;
  let requests = 0;
  let connectionErrors = 0;
  let serverErrors = 0;
  for (let attempt = 0; ; attempt += 1) {
    if (attempt > 0) await sleep(Math.min(2_000, 50 * 2 ** Math.min(attempt, 6)) * (0.5 + random()));
    if (Date.now() > deadline || stopWhen?.()) return { status: undefined, body: undefined, requests, connectionErrors, serverErrors };
    requests += 1;
    let status: number;
    let answer: unknown;
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body, signal: AbortSignal.timeout(10_000) });
      status = res.status;
      const text = await res.text();
      answer = text ? JSON.parse(text) : undefined;
    } catch {
      connectionErrors += 1;
      continue;
    }
    if (status >= 500) serverErrors += 1;
    else if (status !== 409) return { status, body: answer, requests, connectionErrors, serverErrors };
  }
}

/**
 * The ERP: a steady stream of POST /v1/payments, `concurrency` at a time, each with its own
 * Idempotency-Key. Like a real upstream system it retries a 5xx, a 409 or a broken connection with
 * the same key and body until it gets an answer; a 201 is the acknowledgement the platform owes.
 */
export async function runLoad(o: LoadOptions): Promise<LoadResult> {
  const started = Date.now();
  const acknowledged: string[] = [];
  const refused: LoadResult['refused'] = [];
  let next = 0;
  let requests = 0;
  let retries = 0;
  let connectionErrors = 0;
  let serverErrors = 0;
  let unacknowledged = 0;
  const giveUpAfterMs = o.giveUpAfterMs ?? 300_000;

  const sendOne = async (i: number): Promise<void> => {
    const answer = await postAsAnErp(`${o.intakeUrl}/v1/payments`, regionalPaymentBody(i), { 'idempotency-key': `chaos-${o.run}-${i}`, ...o.auth }, o.random, giveUpAfterMs, o.stopWhen);
    requests += answer.requests;
    retries += Math.max(0, answer.requests - 1);
    connectionErrors += answer.connectionErrors;
    serverErrors += answer.serverErrors;
    if (answer.status === 201) acknowledged.push((answer.body as { id: string }).id);
    else {
      unacknowledged += 1;
      if (answer.status !== undefined) refused.push({ i, status: answer.status, body: answer.body });
    }
  };

  const worker = async () => {
    while (next < o.payments && !o.stopWhen?.()) await sendOne(next++);
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  return { acknowledged, unacknowledged, requests, retries, connectionErrors, serverErrors, refused, durationMs: Date.now() - started };
}
