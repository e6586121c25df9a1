import { Inject, Injectable } from '@nestjs/common';
import {
  assessRisk,
  foldPayment,
  money,
  paymentDecider,
  paymentStreamId,
  type AssessRisk,
  type PaymentDecider,
  type RiskVerdict,
} from '@pl/domain';
import { handleCommand, type EventStore, type RecordedEvent } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { traceCarrier } from '@pl/telemetry';
import { lookbackMs, RiskPolicySource } from '../policy/risk-policy.file';
import { Blocklist } from '../store/blocklist';
import { RiskRequests } from '../store/risk-requests';
import { loadPayment } from './load-payment';
import { parsePaymentRequested } from './payment-requested';

export const RISK_ACTOR = 'service:risk';

/** 'assessed' when this call's append landed (a racing twin's identical append counts as the same one). */
export type AssessOutcome =
  | { readonly outcome: 'assessed'; readonly verdict: RiskVerdict }
  | { readonly outcome: 'already_assessed' };

/**
 * The automatic assessment answers only a payment still waiting for it. A redelivery (or a twin
 * delivery racing this one) finds the payment assessed and decides nothing: the first verdict stands.
 */
const firstAssessmentOnly: PaymentDecider = {
  ...paymentDecider,
  decide: ((command, state) => (state.status === 'requested' ? paymentDecider.decide(command, state) : [])) as PaymentDecider['decide'],
};

/**
 * PaymentRequested → PaymentRiskAssessed. Gathers the facts (the payer's earlier requests and the
 * blocklist), lets the pure rules decide, lists the payer when they say so, and appends the verdict.
 */
@Injectable()
export class AssessPaymentHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly requests: RiskRequests,
    private readonly blocklist: Blocklist,
    private readonly policies: RiskPolicySource,
  ) {}

  /**
   * `known`: the payment's stream up to this event as the consumer holds it, possibly stale. It stands
   * in for the read only where a stale view cannot change the outcome: the append is guarded by its
   * revision, and listing the payer (a write outside the stream) waits for the stored state.
   */
  async handle(event: RecordedEvent, known?: readonly RecordedEvent[]): Promise<AssessOutcome> {
    const request = parsePaymentRequested(event.data);
    const streamId = paymentStreamId(request.paymentId);
    const amount = money(request.amountMinor, request.currency);
    const policy = await this.policies.policy();
    // Recorded first, whatever follows: the request is a fact about the payer even if it is never assessed.
    // The payer's listing is read with it: a listing by this very payment (before a crash) does not count.
    const { priorFromPayer, payerListed } = await this.requests.recordAndRead({ ...request, amount }, lookbackMs(policy));

    // `known` saying 'requested' may be stale (the append below is guarded); anything else the store confirms.
    const requested = (known && foldPayment(known).status === 'requested') || (await loadPayment(this.store, request.paymentId)).status === 'requested';
    if (!requested) return { outcome: 'already_assessed' };

    const verdict = assessRisk(policy, { request: { ...request, amount }, priorFromPayer, payerListed });
    const now = this.clock.now().toISOString();
    if (verdict.listPayer) {
      // A write outside the stream: only on the stored state, as if `known` had not been there.
      if (known && (await loadPayment(this.store, request.paymentId)).status !== 'requested') return { outcome: 'already_assessed' };
      // Before the append: a crash in between re-lists idempotently, while listing after could be lost.
      const why = verdict.reasons.find((r) => r.rule === 'identical_burst') ?? verdict.reasons[0];
      await this.blocklist.listIfAbsent({
        payerId: request.payerId,
        reason: why ? `${why.rule}: ${why.detail}` : 'listed by the risk rules',
        listedAt: now,
        listedBy: RISK_ACTOR,
        paymentId: request.paymentId,
      });
    }
    const command: AssessRisk = {
      type: 'AssessRisk',
      data: { paymentId: request.paymentId, decision: verdict.decision, score: verdict.score, reasons: verdict.reasons, assessedAt: now },
    };
    const result = await handleCommand({
      store: this.store,
      streamId,
      decider: firstAssessmentOnly,
      command,
      context: { correlationId: request.paymentId, causationId: event.eventId, actor: RISK_ACTOR, occurredAt: now, ...traceCarrier() },
      known,
    });
    return result.appended.length > 0 ? { outcome: 'assessed', verdict } : { outcome: 'already_assessed' };
  }
}
