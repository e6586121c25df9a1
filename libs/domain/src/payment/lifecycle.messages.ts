import type { Command, Event } from '../shared/messages';
import type { CurrencyCode } from '../money';

/**
 * Commands and events after the request. Every time, id, score, channel and fee arrives in the
 * command (the decider reads no clock and calls nothing), and every event carries plain JSON:
 * money as digit strings, so what the store gives back equals what was appended.
 */

export const RISK_DECISIONS = ['approve', 'challenge', 'review', 'reject'] as const;
export type RiskDecision = (typeof RISK_DECISIONS)[number];

/** One rule's share of the score, so every decision can be explained (score attribution). */
export type RiskReason = Readonly<{ rule: string; points: number; detail: string }>;

type Ref = { paymentId: string };

export type AssessRisk = Command<
  'AssessRisk',
  Ref & { decision: RiskDecision; score: number; reasons: readonly RiskReason[]; assessedAt: string }
>;
/** `attempt` counts routings from 1; a fallback after a failed attempt n is attempt n + 1. */
export type RoutePayment = Command<
  'RoutePayment',
  Ref & { channel: string; quotedFeeMinor: bigint; why: readonly string[]; routedAt: string; attempt: number }
>;
export type SubmitToBank = Command<
  'SubmitToBank',
  Ref & { channel: string; attempt: number; bankRequestId: string; submittedAt: string }
>;
/**
 * A bank's outcome names the attempt it answers (the order number `<paymentId>:<attempt>`): an
 * outcome for attempt 1 must never resolve attempt 2 after a reroute.
 */
export type AuthorizePayment = Command<'AuthorizePayment', Ref & { attempt: number; bankReference: string; authorizedAt: string }>;
/** The bank pays out `settledAmountMinor` and keeps `feeMinor`: together they are the payment's amount. */
export type SettlePayment = Command<
  'SettlePayment',
  Ref & { settledAmountMinor: bigint; feeMinor: bigint; settledAt: string }
>;
/** Like AuthorizePayment, names the attempt the bank declined. */
export type DeclinePayment = Command<'DeclinePayment', Ref & { attempt: number; reason: string; code: string; declinedAt: string }>;
/** A technical failure of one attempt (timeout confirmed by a status query, channel down): reroutable. */
export type FailPayment = Command<'FailPayment', Ref & { attempt: number; reason: string; failedAt: string }>;
export type ExpirePayment = Command<'ExpirePayment', Ref & { expiredAt: string }>;

export type LifecycleCommand =
  | AssessRisk
  | RoutePayment
  | SubmitToBank
  | AuthorizePayment
  | SettlePayment
  | DeclinePayment
  | FailPayment
  | ExpirePayment;

export type PaymentRiskAssessed = Event<
  'PaymentRiskAssessed',
  Ref & { decision: RiskDecision; score: number; reasons: RiskReason[]; assessedAt: string }
>;
export type PaymentRouted = Event<
  'PaymentRouted',
  Ref & { channel: string; quotedFeeMinor: string; why: string[]; routedAt: string; attempt: number }
>;
export type PaymentSubmittedToBank = Event<
  'PaymentSubmittedToBank',
  Ref & { channel: string; attempt: number; bankRequestId: string; submittedAt: string }
>;
/** Carries amount, channel and payee so the ledger can post it from this event alone. */
export type PaymentAuthorized = Event<
  'PaymentAuthorized',
  Ref & {
    channel: string;
    attempt: number;
    bankReference: string;
    amountMinor: string;
    currency: CurrencyCode;
    payeeId: string;
    authorizedAt: string;
  }
>;
export type PaymentSettled = Event<
  'PaymentSettled',
  Ref & {
    channel: string;
    payeeId: string;
    currency: CurrencyCode;
    amountMinor: string;
    settledAmountMinor: string;
    feeMinor: string;
    settledAt: string;
  }
>;
export type PaymentDeclined = Event<
  'PaymentDeclined',
  Ref & { channel: string; attempt: number; reason: string; code: string; declinedAt: string }
>;
export type PaymentFailed = Event<'PaymentFailed', Ref & { channel: string; attempt: number; reason: string; failedAt: string }>;
export type PaymentExpired = Event<'PaymentExpired', Ref & { expiredAt: string }>;

export type LifecycleEvent =
  | PaymentRiskAssessed
  | PaymentRouted
  | PaymentSubmittedToBank
  | PaymentAuthorized
  | PaymentSettled
  | PaymentDeclined
  | PaymentFailed
  | PaymentExpired;
