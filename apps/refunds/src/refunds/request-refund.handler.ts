import { Inject, Injectable } from '@nestjs/common';
import { DomainError, foldPayment, paymentDecider, type PaymentState, paymentStreamId, refundDecider, refundStreamId } from '@pl/domain';
import { deterministicUuid, handleCommand, WrongExpectedRevisionError, type EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { ProblemException } from '@pl/service-kit';
import { traceCarrier } from '@pl/telemetry';
import { REFUND_POLICY, type RefundPolicy } from '../policy/refund-policy';
import type { RefundRequestBody } from './refund-request.schema';
import { loadRefund, problemFor, refundResource, type RefundResource } from './refund-resource';

/**
 * Every concurrent request for one payment re-reads, decides and appends on the payment stream;
 * a lost race re-reads and decides again. Each round lets at least one request through, so this
 * bound covers 100 simultaneous requests; beyond it the client gets a 409 and retries.
 */
const RESERVE_RETRIES = 120;

export interface RequestRefundOutcome {
  readonly refund: RefundResource;
  readonly replayed: boolean;
}

/**
 * Reserves the amount on the payment stream first, then opens the refund stream. Both steps are
 * idempotent under the deterministic refund id, so a crash between them is repaired by the
 * client's retry with the same key (the reservation is found, the refund is requested).
 */
@Injectable()
export class RequestRefundHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(REFUND_POLICY) private readonly policy: RefundPolicy,
  ) {}

  async handle(clientId: string, requester: string, paymentId: string, idempotencyKey: string, body: RefundRequestBody): Promise<RequestRefundOutcome> {
    const refundId = deterministicUuid(`refund-request:${clientId}:${idempotencyKey}`);
    const amountMinor = BigInt(body.amount);
    const known = await loadRefund(this.store, refundId);
    if (known && known.state.status !== 'none') {
      if (known.state.paymentId !== paymentId || known.state.amount.amountMinor !== amountMinor) {
        throw new ProblemException({
          status: 422,
          type: 'idempotency-key-reused',
          title: 'Idempotency key reused with a different request',
          detail: 'this Idempotency-Key was first used for another payment or amount',
        });
      }
      return { refund: refundResource(known.state, known.revision), replayed: true };
    }
    try {
      return { refund: await this.request(refundId, clientId, requester, paymentId, idempotencyKey, amountMinor, body.reason), replayed: false };
    } catch (error) {
      if (error instanceof DomainError) throw problemFor(error, 'Refund request rejected');
      if (error instanceof WrongExpectedRevisionError) {
        throw new ProblemException({ status: 409, type: 'payment-busy', title: 'The payment is being changed', detail: 'too many simultaneous changes; retry with the same Idempotency-Key' });
      }
      throw error;
    }
  }

  private async request(refundId: string, clientId: string, requester: string, paymentId: string, idempotencyKey: string, amountMinor: bigint, reason: string): Promise<RefundResource> {
    const requestedAt = this.clock.now().toISOString();
    const context = { correlationId: paymentId, causationId: `refund-request:${clientId}:${idempotencyKey}`, actor: `client:${clientId}`, occurredAt: requestedAt, ...traceCarrier() };
    const channel = channelOf(await this.paymentState(paymentId));
    const reserved = await handleCommand({
      store: this.store,
      streamId: paymentStreamId(paymentId),
      decider: paymentDecider,
      command: { type: 'ReserveRefund', data: { paymentId, refundId, amountMinor, requestedAt, policy: this.policy.channel(channel ?? '') } },
      context,
      maxRetries: RESERVE_RETRIES,
    });
    const payment = reserved.state;
    if (payment.status !== 'settled') throw new Error('a reservation is only ever made on a settled payment');
    const result = await handleCommand({
      store: this.store,
      streamId: refundStreamId(refundId),
      decider: refundDecider,
      command: {
        type: 'RequestRefund',
        data: {
          refundId,
          paymentId,
          amountMinor,
          currency: payment.amount.currency,
          channel: payment.submission.channel,
          reason,
          requestedBy: requester,
          idempotencyKey,
          requestedAt,
          approvalThresholdMinor: this.policy.approvalThresholdMinor,
        },
      },
      context: { ...context, correlationId: refundId },
    });
    return refundResource(result.state, result.revision);
  }

  private async paymentState(paymentId: string): Promise<PaymentState> {
    return foldPayment(await this.store.readStream(paymentStreamId(paymentId)));
  }
}

const channelOf = (state: PaymentState): string | undefined => ('submission' in state && state.submission ? state.submission.channel : undefined);
