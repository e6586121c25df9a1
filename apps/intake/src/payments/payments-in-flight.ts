import { randomUUID } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { fromBusMessage, PAYMENT_EVENTS_TOPIC, type MessageBus, type Subscription } from '@pl/messaging';
import { MESSAGE_BUS } from '@pl/runtime';

/** The default of INTAKE_MAX_PAYMENTS_IN_FLIGHT. */
export const DEFAULT_MAX_PAYMENTS_IN_FLIGHT = 1_000;

/**
 * A payment left alone this long is no longer counted (a lost terminal event, or one that waits on
 * something slower than the pipeline, such as an authorization never captured).
 */
const FORGET_AFTER_MS = 10 * 60_000;

/** Events after which no service works on the payment any more (terminal, or waiting for a person). */
function endsMachineWork(type: string, data: Readonly<Record<string, unknown>>): boolean {
  switch (type) {
    case 'PaymentSettled':
    case 'PaymentDeclined':
    case 'PaymentExpired':
      return true;
    case 'PaymentRiskAssessed':
      // 'reject' is terminal; 'review' and 'challenge' wait for a person, not for the pipeline.
      return data['decision'] !== 'approve';
    default:
      return false;
  }
}

export const INTAKE_LIMITS = Symbol('INTAKE_LIMITS');

export interface IntakeLimits {
  /** New payments are refused (503, Retry-After) while this many are still being worked on; 0 turns the limit off. */
  readonly maxPaymentsInFlight: number;
}

/** From the environment: INTAKE_MAX_PAYMENTS_IN_FLIGHT (a whole number; 0 turns the limit off). */
export function intakeLimitsFromEnv(env: NodeJS.ProcessEnv = process.env): IntakeLimits {
  const value = env['INTAKE_MAX_PAYMENTS_IN_FLIGHT'];
  if (value === undefined || value === '') return { maxPaymentsInFlight: DEFAULT_MAX_PAYMENTS_IN_FLIGHT };
  if (!/^\d{1,9}$/.test(value.trim())) {
    throw new Error(`INTAKE_MAX_PAYMENTS_IN_FLIGHT must be a whole number of payments (0 turns the limit off), got "${value}"`);
  }
  return { maxPaymentsInFlight: Number(value.trim()) };
}

/**
 * Load shedding for new payments: how many payments the pipeline is still working on (requested,
 * and neither terminal nor waiting for a person), counted from the payment topic. Each intake
 * process follows the whole topic in a consumer group of its own, from the moment it starts (what
 * was in flight before is not counted: the limit errs on the side of accepting).
 *
 * Far above what the pipeline settles, accepting everything only grows the backlog until bank
 * calls and callbacks time out and nothing settles at all; refusing early, before anything is
 * written, lets the caller retry the same request (same Idempotency-Key) a moment later.
 */
@Injectable()
export class PaymentsInFlight implements OnApplicationBootstrap, OnApplicationShutdown {
  /** Stream id → when its request was seen and its Idempotency-Key, oldest first (Map keeps insertion order). */
  private readonly open = new Map<string, { readonly since: number; readonly key: string }>();
  /** The Idempotency-Keys of the open payments, with how many use each (clients choose keys, so two may share one). */
  private readonly keys = new Map<string, number>();
  private subscription?: Subscription;

  constructor(
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject(INTAKE_LIMITS) private readonly limits: IntakeLimits,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.limits.maxPaymentsInFlight === 0) return;
    this.subscription = await this.bus.subscribe({
      groupId: `intake.in-flight.${randomUUID()}`,
      topics: [PAYMENT_EVENTS_TOPIC],
      fromBeginning: false,
      handler: async (message) => {
        const event = fromBusMessage(message);
        if (event.type === 'PaymentRequested') {
          const key = event.data['idempotencyKey'];
          if (!this.open.has(event.streamId)) this.opened(event.streamId, typeof key === 'string' ? key : '');
        } else if (endsMachineWork(event.type, event.data)) {
          this.closed(event.streamId);
        }
      },
    });
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscription?.stop();
  }

  /** Payments being worked on now, as far as this process has seen. */
  count(now = Date.now()): number {
    for (const [streamId, { since }] of this.open) {
      if (now - since < FORGET_AFTER_MS) break;
      this.closed(streamId);
    }
    return this.open.size;
  }

  /** Whether the payment of this stream is being worked on, as far as this process has seen. */
  has(streamId: string): boolean {
    return this.open.has(streamId);
  }

  /**
   * Whether some payment being worked on was requested with this Idempotency-Key (by any client): a
   * map lookup, for load shedding to tell a new request (whose key is new) from a possible retry
   * without reading the token's claims or deriving the payment id.
   */
  hasKey(idempotencyKey: string): boolean {
    return this.keys.has(idempotencyKey);
  }

  private opened(streamId: string, key: string): void {
    this.open.set(streamId, { since: Date.now(), key });
    this.keys.set(key, (this.keys.get(key) ?? 0) + 1);
  }

  private closed(streamId: string): void {
    const entry = this.open.get(streamId);
    if (!entry) return;
    this.open.delete(streamId);
    const left = (this.keys.get(entry.key) ?? 1) - 1;
    if (left > 0) this.keys.set(entry.key, left);
    else this.keys.delete(entry.key);
  }

  /** Whether a new payment may be accepted now, and how many are in flight. */
  admits(): { readonly admitted: boolean; readonly inFlight: number } {
    if (this.limits.maxPaymentsInFlight === 0) return { admitted: true, inFlight: this.open.size };
    const inFlight = this.count();
    return { admitted: inFlight < this.limits.maxPaymentsInFlight, inFlight };
  }

  get limit(): number {
    return this.limits.maxPaymentsInFlight;
  }
}
