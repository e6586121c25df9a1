import fc from 'fast-check';
import {
  MAX_AMOUNT_MINOR,
  SUPPORTED_CURRENCIES,
  money,
  parseFeeSchedule,
  paymentDecider,
  quoteFee,
  type CurrencyCode,
  type PaymentCommand,
  type PaymentEvent,
} from '@pl/domain';
import type { RecordedLike } from './payment-postings';

/** A random payment and how its life ends; fees come from a real quote with a random schedule. */
export type PaymentCase = Readonly<{
  paymentId: string;
  currency: CurrencyCode;
  amountMinor: bigint;
  rate: string;
  fixedFeeMinor: bigint;
  feeDriftMinor: bigint;
  channel: string;
  fallback: string | null;
  payee: string;
  outcome: 'settled' | 'declined' | 'expired' | 'authorized';
}>;

export const paymentCase = (paymentId: string): fc.Arbitrary<PaymentCase> =>
  fc.record({
    paymentId: fc.constant(paymentId),
    currency: fc.constantFrom(...SUPPORTED_CURRENCIES),
    amountMinor: fc.oneof(fc.bigInt({ min: 1n, max: 1000n }), fc.bigInt({ min: 1n, max: MAX_AMOUNT_MINOR })),
    rate: fc.integer({ min: 0, max: 9999 }).map((bp) => `0.${String(bp).padStart(4, '0')}`),
    fixedFeeMinor: fc.bigInt({ min: 0n, max: 500n }),
    // The bank's actual fee may differ from the quote a little; settlement records the actual one.
    feeDriftMinor: fc.bigInt({ min: -3n, max: 3n }),
    channel: fc.constantFrom('WECHAT', 'ALIPAY', 'UNIONPAY'),
    fallback: fc.option(fc.constantFrom('CMB', 'ICBC'), { nil: null }),
    payee: fc.constantFrom('m1', 'm2', 'm3'),
    outcome: fc.constantFrom('settled', 'settled', 'declined', 'expired', 'authorized'),
  });

const clamp = (n: bigint, max: bigint): bigint => (n < 0n ? 0n : n > max ? max : n);

/** The fee the case settles with: its quote (capped at the amount) plus drift, within [0, amount]. */
export function settledFee(c: PaymentCase): bigint {
  const schedule = parseFeeSchedule({ channel: c.channel, currency: c.currency, methods: { wallet: { rate: c.rate } }, fixedFeeMinor: c.fixedFeeMinor.toString() });
  const quoted = quoteFee(schedule, { amount: money(c.amountMinor, c.currency), methodKind: 'wallet' }).feeMinor;
  return clamp(quoted + c.feeDriftMinor, c.amountMinor);
}

/** Runs the case through the real decider and returns its events as recorded, with stable ids. */
export function recordedLifecycle(c: PaymentCase): RecordedLike[] {
  const t = '2026-11-22T10:00:00.000Z';
  const p = { paymentId: c.paymentId };
  const fee = settledFee(c);
  const attempt2 = c.fallback ? { channel: c.fallback, attempt: 2 } : null;
  const commands: PaymentCommand[] = [
    {
      type: 'RequestPayment',
      data: { ...p, amount: money(c.amountMinor, c.currency), payerId: 'payer', payeeId: c.payee, method: { type: 'wallet', token: 't', masked: 'm' }, orderReference: 'o', metadata: {}, idempotencyKey: c.paymentId, requestedAt: t },
    },
    { type: 'AssessRisk', data: { ...p, decision: 'approve', score: 10, reasons: [], assessedAt: t } },
    { type: 'RoutePayment', data: { ...p, channel: c.channel, quotedFeeMinor: clamp(fee, c.amountMinor), why: [], routedAt: t, attempt: 1 } },
  ];
  if (c.outcome === 'expired') commands.push({ type: 'ExpirePayment', data: { ...p, expiredAt: t } });
  else {
    commands.push({ type: 'SubmitToBank', data: { ...p, channel: c.channel, attempt: 1, bankRequestId: 'r1', submittedAt: t } });
    if (attempt2) {
      commands.push(
        { type: 'FailPayment', data: { ...p, attempt: 1, reason: 'timeout', failedAt: t } },
        { type: 'RoutePayment', data: { ...p, ...attempt2, quotedFeeMinor: fee, why: ['fallback'], routedAt: t } },
        { type: 'SubmitToBank', data: { ...p, ...attempt2, bankRequestId: 'r2', submittedAt: t } },
      );
    }
    const attempt = attempt2?.attempt ?? 1;
    if (c.outcome === 'declined') commands.push({ type: 'DeclinePayment', data: { ...p, attempt, reason: 'no funds', code: '51', declinedAt: t } });
    else commands.push({ type: 'AuthorizePayment', data: { ...p, attempt, bankReference: 'b1', authorizedAt: t } });
    if (c.outcome === 'settled') commands.push({ type: 'SettlePayment', data: { ...p, settledAmountMinor: c.amountMinor - fee, feeMinor: fee, settledAt: t } });
  }
  let state = paymentDecider.initialState();
  const events: PaymentEvent[] = [];
  for (const command of commands) {
    for (const event of paymentDecider.decide(command, state)) {
      state = paymentDecider.evolve(state, event);
      events.push(event);
    }
  }
  return events.map((e, i) => ({ eventId: `${c.paymentId}:${i}`, type: e.type, data: e.data }));
}

/** The channel that finally carried the payment. */
export const finalChannel = (c: PaymentCase): string => c.fallback ?? c.channel;
