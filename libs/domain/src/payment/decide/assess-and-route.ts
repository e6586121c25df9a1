import { DomainError } from '../../shared/messages';
import type { AssessRisk, PaymentEvent, RoutePayment, RiskReason } from '../payment.messages';
import type { PaymentState } from '../payment.state';
import { conflict, existing, illegalTransition, refuseIfTerminal } from './guards';

const sameReasons = (a: readonly RiskReason[], b: readonly RiskReason[]): boolean =>
  a.length === b.length && a.every((r, i) => r.rule === b[i]?.rule && r.points === b[i]?.points && r.detail === b[i]?.detail);

export function assessRisk(command: AssessRisk, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if ('risk' in s) {
    const r = s.risk;
    const same = r.decision === c.decision && r.score === c.score && r.assessedAt === c.assessedAt && sameReasons(r.reasons, c.reasons);
    if (same) return [];
    // Only a pending review or challenge may be decided again; a final decision stands.
    if (s.status !== 'under_review') {
      refuseIfTerminal(s, command.type);
      conflict('risk_already_decided', s, `risk was already decided (${r.decision}) at ${r.assessedAt}`);
    }
  } else if (s.status !== 'requested') {
    refuseIfTerminal(s, command.type);
    illegalTransition(s, command.type);
  }
  if (!Number.isInteger(c.score) || c.score < 0 || c.score > 1000) {
    throw new DomainError('invalid_risk_score', 'risk score must be an integer from 0 to 1000', { score: String(c.score) });
  }
  return [
    {
      type: 'PaymentRiskAssessed',
      data: { paymentId: c.paymentId, decision: c.decision, score: c.score, reasons: c.reasons.map((r) => ({ ...r })), assessedAt: c.assessedAt },
    },
  ];
}

/**
 * Routing attempt 1 follows approval; attempt n + 1 may follow a failed attempt n (a fallback
 * channel). The same routing repeated is a no-op; a different one for the same attempt conflicts.
 */
export function routePayment(command: RoutePayment, state: PaymentState): PaymentEvent[] {
  const c = command.data;
  const s = existing(state, command.type, c.paymentId);
  if ('route' in s && s.route.attempt === c.attempt) {
    const r = s.route;
    const same =
      r.channel === c.channel &&
      r.quotedFee.amountMinor === c.quotedFeeMinor &&
      r.routedAt === c.routedAt &&
      r.why.length === c.why.length &&
      r.why.every((w, i) => w === c.why[i]);
    if (same) return [];
    conflict('route_conflict', s, `attempt ${c.attempt} was already routed to ${r.channel}`);
  }
  refuseIfTerminal(s, command.type);
  const expectedAttempt = s.status === 'approved' ? 1 : s.status === 'failed' ? s.route.attempt + 1 : illegalTransition(s, command.type);
  if (c.attempt !== expectedAttempt) conflict('attempt_out_of_order', s, `the next routing attempt is ${expectedAttempt}, not ${c.attempt}`);
  if (c.quotedFeeMinor < 0n || c.quotedFeeMinor > s.amount.amountMinor) {
    throw new DomainError('invalid_fee', 'quoted fee must be between zero and the payment amount', { quotedFeeMinor: c.quotedFeeMinor.toString() });
  }
  return [
    {
      type: 'PaymentRouted',
      data: {
        paymentId: c.paymentId,
        channel: c.channel,
        quotedFeeMinor: c.quotedFeeMinor.toString(),
        why: [...c.why],
        routedAt: c.routedAt,
        attempt: c.attempt,
      },
    },
  ];
}
