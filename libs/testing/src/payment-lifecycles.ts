import { money, paymentDecider, paymentStreamId, type PaymentCommand, type PaymentEvent } from '@pl/domain';
import { buildEvents, deterministicUuid, type EventData } from '@pl/event-store';

/** One payment's whole stream, as the services would have appended it (one cause per event). */
export interface PaymentLifecycle {
  readonly paymentId: string;
  readonly streamId: string;
  readonly events: readonly EventData[];
}

const CHANNELS = ['CMB', 'ICBC', 'WECHAT', 'ALIPAY', 'UNIONPAY'] as const;
const CURRENCIES = ['CNY', 'CNY', 'CNY', 'USD', 'JPY'] as const;

/** A small deterministic generator (mulberry32) in [0, 1): the same seed gives the same sequence. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Realistic payment lifecycles run through the real payment decider: mostly settled (6 events),
 * some rerouted after a failed attempt (9), declined (5), rejected by risk (2) or left authorized
 * (5), and about one settled payment in eight partly refunded (reserved, then paid by the bank or
 * released: 2 more events); about 6 events per payment on average. Each event has its own cause and its place in the
 * stream's hash chain, exactly as handlers appending one event at a time would store it.
 */
export function* paymentLifecycles(count: number, seed = 1): Generator<PaymentLifecycle> {
  const next = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
  for (let n = 0; n < count; n++) {
    const paymentId = deterministicUuid(`bench-payment:${seed}:${n}`);
    const p = { paymentId };
    const startMs = Date.UTC(2026, 10, 22, 10, 0, 0) + n * 1000;
    const at = (second: number) => new Date(startMs + second * 1000).toISOString();
    const currency = pick(CURRENCIES);
    const amountMinor = BigInt(100 + Math.floor(next() * 5_000_000));
    const fee = amountMinor / 100n;
    const channel = pick(CHANNELS);
    const roll = next();
    const outcome = roll < 0.8 ? 'settled' : roll < 0.87 ? 'rerouted' : roll < 0.92 ? 'declined' : roll < 0.96 ? 'rejected' : 'authorized';
    const payeeId = `merchant-${Math.floor(next() * 50)}`;
    const commands: PaymentCommand[] = [
      {
        type: 'RequestPayment',
        data: {
          ...p,
          amount: money(amountMinor, currency),
          payerId: `cust-${Math.floor(next() * 10_000)}`,
          payeeId,
          method: { type: 'card', token: `tok_${n}`, masked: '424242******4242' },
          orderReference: `ERP-2026-${n}`,
          metadata: { branch: 'bench' },
          idempotencyKey: `bench-${seed}-${n}`,
          requestedAt: at(0),
        },
      },
      outcome === 'rejected'
        ? { type: 'AssessRisk', data: { ...p, decision: 'reject', score: 1000, reasons: [{ rule: 'blocklist', points: 1000, detail: 'payer listed' }], assessedAt: at(1) } }
        : { type: 'AssessRisk', data: { ...p, decision: 'approve', score: 0, reasons: [], assessedAt: at(1) } },
    ];
    if (outcome !== 'rejected') {
      const route = (ch: string, attempt: number): PaymentCommand[] => [
        { type: 'RoutePayment', data: { ...p, channel: ch, quotedFeeMinor: fee, why: ['score 0.91: success 0.99, latency 120 ms, rate 1 %'], routedAt: at(2 * attempt), attempt } },
        { type: 'SubmitToBank', data: { ...p, channel: ch, attempt, bankRequestId: `${paymentId}:${attempt}`, submittedAt: at(2 * attempt + 1) } },
      ];
      commands.push(...route(channel, 1));
      if (outcome === 'rerouted') {
        commands.push({ type: 'FailPayment', data: { ...p, attempt: 1, reason: 'timeout confirmed by status query', failedAt: at(4) } }, ...route(channel === 'CMB' ? 'ICBC' : 'CMB', 2));
      }
      const attempt = outcome === 'rerouted' ? 2 : 1;
      if (outcome === 'declined') commands.push({ type: 'DeclinePayment', data: { ...p, attempt, reason: 'insufficient funds', code: '51', declinedAt: at(7) } });
      else commands.push({ type: 'AuthorizePayment', data: { ...p, attempt, bankReference: `BANK-${n}`, authorizedAt: at(7) } });
      if (outcome === 'settled' || outcome === 'rerouted') {
        commands.push({ type: 'SettlePayment', data: { ...p, settledAmountMinor: amountMinor - fee, feeMinor: fee, settledAt: at(9) } });
        const refund = next();
        if (refund < 0.12) commands.push(...refundCommands(paymentId, amountMinor, refund < 0.08 ? 'paid' : 'released', at));
      }
    }
    yield lifecycleOf(paymentId, commands, startMs);
  }
}

/** Part of a settled payment refunded: reserved, then paid by the bank or released. */
function refundCommands(paymentId: string, amountMinor: bigint, end: 'paid' | 'released', at: (second: number) => string): PaymentCommand[] {
  const r = { paymentId, refundId: deterministicUuid(`bench-refund:${paymentId}`) };
  const reserve: PaymentCommand = {
    type: 'ReserveRefund',
    data: { ...r, amountMinor: amountMinor / 2n + 1n, requestedAt: at(60), policy: { singleRefundOnly: false, windowMs: 180 * 86_400_000 } },
  };
  return end === 'paid'
    ? [reserve, { type: 'CompleteRefund', data: { ...r, bankRefundId: `BANK-REFUND-${paymentId}`, refundedAt: at(90) } }]
    : [reserve, { type: 'ReleaseRefund', data: { ...r, reason: 'rejected by the second approver', releasedAt: at(90) } }];
}

function lifecycleOf(paymentId: string, commands: readonly PaymentCommand[], startMs: number): PaymentLifecycle {
  const streamId = paymentStreamId(paymentId);
  let state = paymentDecider.initialState();
  const events: EventData[] = [];
  for (const [i, command] of commands.entries()) {
    const decided: PaymentEvent[] = paymentDecider.decide(command, state);
    for (const event of decided) state = paymentDecider.evolve(state, event);
    const last = events.at(-1);
    const head = last ? { revision: BigInt(events.length - 1), hash: last.metadata.hash } : undefined;
    const occurredAt = new Date(startMs + i * 1000).toISOString();
    events.push(...buildEvents(streamId, head, decided, { correlationId: paymentId, causationId: `${streamId}:cause:${i}`, actor: 'bench', occurredAt }));
  }
  return { paymentId, streamId, events };
}
