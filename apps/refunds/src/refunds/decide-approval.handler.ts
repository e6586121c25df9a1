import { Inject, Injectable } from '@nestjs/common';
import { DomainError, paymentDecider, paymentStreamId, refundDecider, refundStreamId } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { traceCarrier } from '@pl/telemetry';
import type { ApprovalBody } from './refund-request.schema';
import { problemFor, refundResource, type RefundResource } from './refund-resource';

/**
 * Records one approver's decision (who, when, from which address). A rejection ends the refund and
 * gives its amount back to the payment: the release follows the rejection, and a retry of the same
 * rejection (after a crash in between) finds the rejection recorded and releases again, idempotently.
 */
@Injectable()
export class DecideApprovalHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async handle(refundId: string, approverId: string, ip: string, body: ApprovalBody): Promise<RefundResource> {
    const decidedAt = this.clock.now().toISOString();
    const context = { correlationId: refundId, causationId: `refund-approval:${refundId}:${approverId}`, actor: `user:${approverId}`, occurredAt: decidedAt, ...traceCarrier() };
    try {
      const result = await handleCommand({
        store: this.store,
        streamId: refundStreamId(refundId),
        decider: refundDecider,
        command: { type: 'RecordApproval', data: { refundId, approverId, decision: body.decision, note: body.note, ip, decidedAt } },
        context,
      });
      const state = result.state;
      if (state.status === 'rejected') {
        await handleCommand({
          store: this.store,
          streamId: paymentStreamId(state.paymentId),
          decider: paymentDecider,
          command: { type: 'ReleaseRefund', data: { paymentId: state.paymentId, refundId, reason: `rejected by ${state.rejectedBy}`, releasedAt: state.rejectedAt } },
          context: { ...context, correlationId: state.paymentId, causationId: `refund-rejected:${refundId}` },
          maxRetries: 50,
        });
      }
      return refundResource(state, result.revision);
    } catch (error) {
      if (error instanceof DomainError) throw problemFor(error, 'Approval refused');
      throw error;
    }
  }
}
