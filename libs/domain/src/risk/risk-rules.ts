import type { Money } from '../money';
import type { PaymentMethodType, RiskDecision, RiskReason } from '../payment';

/** Configurable without a deploy: the risk service loads it from configuration. */
export interface RiskPolicy {
  /** Largest single payment per currency and method, in minor units. */
  readonly amountLimits: Readonly<Record<string, Partial<Record<PaymentMethodType, bigint>>>>;
  /** The brief's case: 17 identical requests from one payer within 3 minutes → block and list. */
  readonly identicalBurst: { readonly maxRequests: number; readonly windowMs: number };
  /** Same payer, payee, amount and order reference again within this window: a likely double submission. */
  readonly duplicateWindowMs: number;
  /** Score bands, 0–1000: at or above `reject` rejected, `review` manual review, `challenge` step-up. */
  readonly thresholds: { readonly challenge: number; readonly review: number; readonly reject: number };
}

export interface PriorRequest {
  readonly paymentId: string;
  readonly payeeId: string;
  readonly amount: Money;
  readonly orderReference: string;
  readonly requestedAt: string;
}

/** Everything a decision rests on, gathered by the risk service; the rules read no clock and no store. */
export interface RiskFacts {
  readonly request: PriorRequest & { readonly payerId: string; readonly methodType: PaymentMethodType };
  /** The payer's other requests (the service may pass only recent ones; the rules apply the windows). */
  readonly priorFromPayer: readonly PriorRequest[];
  readonly payerListed: boolean;
}

export interface RiskVerdict {
  readonly decision: RiskDecision;
  readonly score: number;
  /** Every rule that fired with its points: the decision explains itself. */
  readonly reasons: RiskReason[];
  /** The payer goes on the blocklist (the brief: freeze the session and list the account). */
  readonly listPayer: boolean;
}

const ms = (iso: string) => Date.parse(iso);
const sameMoney = (a: Money, b: Money) => a.amountMinor === b.amountMinor && a.currency === b.currency;

/** Sums the points of the rules that fire (capped at 1000) and bands the score into a decision. */
export function assessRisk(policy: RiskPolicy, facts: RiskFacts): RiskVerdict {
  const { request } = facts;
  const at = ms(request.requestedAt);
  const reasons: RiskReason[] = [];
  let listPayer = false;

  if (facts.payerListed) reasons.push({ rule: 'blocklist', points: 1000, detail: `payer ${request.payerId} is on the blocklist` });

  const limit = policy.amountLimits[request.amount.currency]?.[request.methodType];
  if (limit !== undefined && request.amount.amountMinor > limit) {
    reasons.push({ rule: 'amount_limit', points: 1000, detail: `${request.amount.amountMinor} ${request.amount.currency} exceeds the ${request.methodType} limit of ${limit}` });
  }

  const burst = facts.priorFromPayer.filter(
    (p) => p.payeeId === request.payeeId && sameMoney(p.amount, request.amount) && at - ms(p.requestedAt) >= 0 && at - ms(p.requestedAt) <= policy.identicalBurst.windowMs,
  );
  if (burst.length + 1 >= policy.identicalBurst.maxRequests) {
    listPayer = true;
    reasons.push({
      rule: 'identical_burst',
      points: 1000,
      detail: `${burst.length + 1} identical requests to ${request.payeeId} within ${policy.identicalBurst.windowMs / 1000} s`,
    });
  }

  const duplicate = facts.priorFromPayer.find(
    (p) =>
      p.paymentId !== request.paymentId &&
      p.payeeId === request.payeeId &&
      p.orderReference === request.orderReference &&
      sameMoney(p.amount, request.amount) &&
      Math.abs(at - ms(p.requestedAt)) <= policy.duplicateWindowMs,
  );
  if (duplicate) reasons.push({ rule: 'duplicate_payment', points: 600, detail: `same payee, amount and order reference as payment ${duplicate.paymentId}` });

  const score = Math.min(1000, reasons.reduce((sum, r) => sum + r.points, 0));
  const t = policy.thresholds;
  const decision: RiskDecision = score >= t.reject ? 'reject' : score >= t.review ? 'review' : score >= t.challenge ? 'challenge' : 'approve';
  return { decision, score, reasons, listPayer };
}

/** The brief's numbers as defaults. */
export const DEFAULT_RISK_POLICY: RiskPolicy = {
  amountLimits: {
    CNY: { card: 5_000_000_00n, wallet: 500_000_00n, bank_account: 100_000_000_00n },
  },
  identicalBurst: { maxRequests: 17, windowMs: 3 * 60_000 },
  duplicateWindowMs: 10 * 60_000,
  thresholds: { challenge: 300, review: 500, reject: 800 },
};
