import { Logger } from '@nestjs/common';
import { httpCall, type HttpAnswer } from '@pl/service-kit';
import type { z } from 'zod';
import {
  PaymentOrderStatusSchema,
  PaymentSubmissionAnswerSchema,
  RefundOrderStatusSchema,
  RefundSubmissionAnswerSchema,
  signedHeaders,
  type BankChannel,
  type PaymentOrderStatus,
  type PaymentSubmission,
  type PaymentSubmissionAnswer,
  type RefundOrderStatus,
  type RefundSubmission,
  type RefundSubmissionAnswer,
} from '@pl/bank-protocol';

/**
 * What one call to a bank came to. `unavailable` (5xx, timeout, connection refused) means we do not
 * know whether the bank acted; `refused` (another 4xx) means it did not and retrying will not help.
 */
export type BankCall<T> =
  | { readonly kind: 'answer'; readonly value: T }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'unavailable'; readonly reason: string }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string };

export interface BankAdapterOptions {
  readonly channel: BankChannel;
  readonly baseUrl: string;
  readonly secrets: readonly string[];
  readonly timeoutMs: number;
  readonly now: () => Date;
  /** Aborted when the service stops, so no call outlives it. */
  readonly signal: AbortSignal;
}

/**
 * One channel's adapter: the bank's HTTP API, every request signed (HMAC-SHA256 over timestamp and
 * the exact body bytes) with the channel's secrets, every call bounded by the client timeout.
 */
export class BankAdapter {
  private readonly logger: Logger;

  constructor(private readonly options: BankAdapterOptions) {
    this.logger = new Logger(`bank-connectors ${options.channel}`);
  }

  get channel(): BankChannel {
    return this.options.channel;
  }

  submitPayment(submission: PaymentSubmission): Promise<BankCall<PaymentSubmissionAnswer>> {
    return this.call('POST', '/payments', PaymentSubmissionAnswerSchema, submission, this.options.timeoutMs);
  }

  /** The status query by our order number (the submission's idempotency key). */
  orderStatus(merchantOrderNo: string): Promise<BankCall<PaymentOrderStatus>> {
    return this.call('GET', `/orders/${encodeURIComponent(merchantOrderNo)}`, PaymentOrderStatusSchema, undefined, this.options.timeoutMs);
  }

  /** A refund back along the original payment, named by our order number for it. */
  submitRefund(submission: RefundSubmission): Promise<BankCall<RefundSubmissionAnswer>> {
    return this.call('POST', '/refunds', RefundSubmissionAnswerSchema, submission, this.options.timeoutMs);
  }

  /** The status query by our refund order number (the refund's idempotency key). */
  refundOrderStatus(merchantRefundNo: string): Promise<BankCall<RefundOrderStatus>> {
    return this.call('GET', `/refund-orders/${encodeURIComponent(merchantRefundNo)}`, RefundOrderStatusSchema, undefined, this.options.timeoutMs);
  }

  async probe(timeoutMs: number): Promise<BankCall<unknown>> {
    return this.call('GET', '/health', undefined, undefined, timeoutMs);
  }

  private async call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T> | undefined, body: unknown, timeoutMs: number): Promise<BankCall<T>> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    const headers = {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...signedHeaders(this.options.secrets, raw, this.options.now()),
    };
    let response: HttpAnswer;
    try {
      response = await httpCall(`${this.options.baseUrl}/banks/${this.options.channel}${path}`, {
        method,
        headers,
        ...(body === undefined ? {} : { body: raw }),
        timeoutMs,
        signal: this.options.signal,
      });
    } catch (error) {
      const name = (error as { name?: unknown } | null)?.name;
      const timedOut = name === 'TimeoutError' || name === 'AbortError';
      return { kind: 'unavailable', reason: timedOut ? `no answer within ${timeoutMs} ms` : `unreachable: ${describe(error)}` };
    }
    const text = response.text;
    if (response.status === 404) return { kind: 'not-found' };
    if (response.status >= 500) return { kind: 'unavailable', reason: `HTTP ${response.status}` };
    if (!response.ok) {
      this.logger.error(`${method} ${path} refused with HTTP ${response.status}: ${text.slice(0, 300)}`);
      return { kind: 'refused', status: response.status, reason: `HTTP ${response.status}` };
    }
    if (!schema) return { kind: 'answer', value: undefined as T };
    const parsed = schema.safeParse(safeJson(text));
    // A 200 we cannot read may still mean the bank acted: treat it like no answer, never as a refusal.
    if (!parsed.success) return { kind: 'unavailable', reason: `unreadable answer: ${parsed.error.message.slice(0, 200)}` };
    return { kind: 'answer', value: parsed.data };
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const describe = (error: unknown): string => (error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error));
