import { Inject, Injectable } from '@nestjs/common';
import { DomainError, paymentDecider, paymentStreamId, type AssessRisk, type PaymentDecider, type RiskAssessment } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { ProblemException } from '@pl/service-kit';
import { traceCarrier } from '@pl/telemetry';
import { loadPayment } from '../assessment/load-payment';
import type { ReviewBody } from './risk-api.schemas';

/**
 * A person decides only a payment under review. (The payment decider alone would also take a first
 * assessment of a payment still waiting for the automatic one: that is not a reviewer's to make.)
 */
const underReviewOnly: PaymentDecider = {
  ...paymentDecider,
  decide: ((command, state) => {
    if (state.status === 'none') throw new DomainError('payment_not_found', 'payment does not exist');
    if (state.status !== 'under_review') {
      throw new DomainError('not_under_review', `payment ${state.paymentId} is ${state.status}, not under review`, { paymentId: state.paymentId, status: state.status });
    }
    return paymentDecider.decide(command, state);
  }) as PaymentDecider['decide'],
};

export interface ReviewOutcome extends RiskAssessment {
  readonly paymentId: string;
  readonly revision: string;
}

/** Manual review: the same AssessRisk, keeping the automatic score and saying who decided and why. */
@Injectable()
export class ReviewPaymentHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(paymentId: string, reviewer: string, body: ReviewBody): Promise<ReviewOutcome> {
    const state = await loadPayment(this.store, paymentId);
    if (state.status === 'none') throw notFound(paymentId);
    if (state.status !== 'under_review') throw conflict(new DomainError('not_under_review', `payment ${paymentId} is ${state.status}, not under review`));
    const now = this.clock.now().toISOString();
    const command: AssessRisk = {
      type: 'AssessRisk',
      data: {
        paymentId,
        decision: body.decision,
        score: state.risk.score,
        reasons: [...state.risk.reasons, { rule: 'manual_review', points: 0, detail: `${body.decision} by ${reviewer}: ${body.note}` }],
        assessedAt: now,
      },
    };
    try {
      const result = await handleCommand({
        store: this.store,
        streamId: paymentStreamId(paymentId),
        decider: underReviewOnly,
        command,
        context: {
          correlationId: paymentId,
          // Caused by this reviewer's decision on this assessment: one review per reviewer and assessment.
          causationId: `review:${reviewer}:${state.risk.assessedAt}`,
          actor: `user:${reviewer}`,
          occurredAt: now,
          ...traceCarrier(),
        },
      });
      return { ...command.data, revision: result.revision.toString() };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Someone else decided it between the read and the append.
      throw error.code === 'payment_not_found' ? notFound(paymentId) : conflict(error);
    }
  }
}

const notFound = (paymentId: string) =>
  new ProblemException({ status: 404, type: 'not-found', title: 'Payment not found', detail: `no payment ${paymentId}` });

const conflict = (error: DomainError) =>
  new ProblemException({
    status: 409,
    type: 'payment-not-under-review',
    title: 'Payment is not under review',
    detail: error.message,
    extra: { code: error.code, ...error.details },
  });
