import { z } from 'zod';
import { AmountMinorSchema, BANK_CHANNELS, type BankChannel } from '@pl/bank-protocol';
import { seededRandom } from './random';

const ms = z.number().int().min(0).max(600_000);
const rate = z.number().min(0).max(1);
const secret = z.string().min(16, 'secrets are at least 16 characters');

/** What the bank does after accepting a payment: the callback paths a connector must survive. */
export const CallbackBehaviourSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('normal') }),
  /** Never sent: only the status query reveals the outcome. */
  z.strictObject({ mode: z.literal('lost') }),
  z.strictObject({ mode: z.literal('late'), delayMs: ms }),
  /** The same callback (same callbackId) sent `times` times. */
  z.strictObject({ mode: z.literal('duplicated'), times: z.number().int().min(2).max(20) }),
  /** Signed with a wrong secret instead of the channel's: a receiver must reject it. No genuine callback follows. */
  z.strictObject({ mode: z.literal('forged') }),
]);
export type CallbackBehaviour = z.infer<typeof CallbackBehaviourSchema>;

export const LatencySchema = z.union([z.strictObject({ fixedMs: ms }), z.strictObject({ minMs: ms, maxMs: ms })]);
export type Latency = z.infer<typeof LatencySchema>;

/** `PUT /sandbox/channels/:channel`: every field optional; what is sent replaces, the rest stays. */
export const BehaviourUpdateSchema = z.strictObject({
  latency: LatencySchema.optional(),
  declineRate: rate.optional(),
  /** Answer HTTP 500 without recording anything. */
  errorRate: rate.optional(),
  /** Process the request, then hold the answer `timeoutMs` (longer than the client waits). */
  timeoutRate: rate.optional(),
  timeoutMs: ms.optional(),
  /** Accepted synchronously, then the callback says `failed` (no charge). */
  asyncFailureRate: rate.optional(),
  /** Accepted synchronously, then the refund's callback says `failed` (nothing paid back). */
  refundFailureRate: rate.optional(),
  /** Time between acceptance and the outcome (status query says `pending` meanwhile); refunds too. */
  processingMs: ms.optional(),
  callback: CallbackBehaviourSchema.optional(),
  /** Per-transaction limit in minor units; above it the answer is declined `limit_exceeded`. null: none. */
  limitMinor: z.union([AmountMinorSchema, z.null()]).optional(),
  /** Some banks allow only one refund per order. */
  singleRefundOnly: z.boolean().optional(),
  secret: secret.optional(),
  /** Still accepted during a rotation; null ends it. */
  previousSecret: z.union([secret, z.null()]).optional(),
  /** Seeds the dice; null goes back to unseeded. Setting it (even to the same value) restarts the sequence. */
  seed: z.union([z.number().int().min(0).max(4_294_967_295), z.null()]).optional(),
});
export type BehaviourUpdate = z.infer<typeof BehaviourUpdateSchema>;

export interface ChannelBehaviour {
  readonly latency: Latency;
  readonly declineRate: number;
  readonly errorRate: number;
  readonly timeoutRate: number;
  readonly timeoutMs: number;
  readonly asyncFailureRate: number;
  readonly refundFailureRate: number;
  readonly processingMs: number;
  readonly callback: CallbackBehaviour;
  readonly limitMinor: bigint | null;
  readonly singleRefundOnly: boolean;
  readonly secret: string;
  readonly previousSecret: string | null;
  readonly seed: number | null;
}

/** A well-behaved bank: instant, never fails, one callback. Dev-only secrets, known to the dev connectors. */
export function defaultBehaviour(channel: BankChannel): ChannelBehaviour {
  return {
    latency: { fixedMs: 0 },
    declineRate: 0,
    errorRate: 0,
    timeoutRate: 0,
    timeoutMs: 30_000,
    asyncFailureRate: 0,
    refundFailureRate: 0,
    processingMs: 0,
    callback: { mode: 'normal' },
    limitMinor: null,
    singleRefundOnly: false,
    secret: `sandbox-${channel.toLowerCase()}-secret`,
    previousSecret: null,
    seed: null,
  };
}

/** Per-channel behaviour and dice. In memory: a restart is a fresh bank. */
export class Behaviours {
  private readonly current = new Map<BankChannel, ChannelBehaviour>();
  private readonly dice = new Map<BankChannel, () => number>();

  constructor() {
    this.reset();
  }

  reset(): void {
    for (const channel of BANK_CHANNELS) {
      this.current.set(channel, defaultBehaviour(channel));
      this.dice.set(channel, Math.random);
    }
  }

  get(channel: BankChannel): ChannelBehaviour {
    return this.current.get(channel) ?? defaultBehaviour(channel);
  }

  update(channel: BankChannel, update: BehaviourUpdate): ChannelBehaviour {
    const before = this.get(channel);
    // `undefined` keeps the current value; `null` (where allowed) clears it.
    const next: ChannelBehaviour = {
      latency: update.latency ?? before.latency,
      declineRate: update.declineRate ?? before.declineRate,
      errorRate: update.errorRate ?? before.errorRate,
      timeoutRate: update.timeoutRate ?? before.timeoutRate,
      timeoutMs: update.timeoutMs ?? before.timeoutMs,
      asyncFailureRate: update.asyncFailureRate ?? before.asyncFailureRate,
      refundFailureRate: update.refundFailureRate ?? before.refundFailureRate,
      processingMs: update.processingMs ?? before.processingMs,
      callback: update.callback ?? before.callback,
      limitMinor: update.limitMinor === undefined ? before.limitMinor : update.limitMinor === null ? null : BigInt(update.limitMinor),
      singleRefundOnly: update.singleRefundOnly ?? before.singleRefundOnly,
      secret: update.secret ?? before.secret,
      previousSecret: update.previousSecret === undefined ? before.previousSecret : update.previousSecret,
      seed: update.seed === undefined ? before.seed : update.seed,
    };
    const { latency } = next;
    if ('minMs' in latency && latency.minMs > latency.maxMs) throw new RangeError('latency.minMs is above latency.maxMs');
    this.current.set(channel, next);
    if (update.seed !== undefined) this.dice.set(channel, update.seed === null ? Math.random : seededRandom(update.seed));
    return next;
  }

  /** True with probability `rate`. A rate of 0 or 1 does not draw, so forcing a path never shifts the sequence. */
  roll(channel: BankChannel, rate: number): boolean {
    if (rate <= 0) return false;
    if (rate >= 1) return true;
    return this.draw(channel) < rate;
  }

  latencyMs(channel: BankChannel): number {
    const { latency } = this.get(channel);
    if ('fixedMs' in latency) return latency.fixedMs;
    return latency.minMs + Math.floor(this.draw(channel) * (latency.maxMs - latency.minMs + 1));
  }

  private draw(channel: BankChannel): number {
    return (this.dice.get(channel) ?? Math.random)();
  }
}
