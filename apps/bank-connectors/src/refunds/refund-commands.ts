import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError, refundDecider, type RefundCommand, type RefundEvent, type RefundState, refundStreamId } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { traceCarrier } from '@pl/telemetry';
import type { CommandOutcome } from '../payments/payment-commands';

/** The refund moved on (failed, succeeded) while this answer was on its way: the same answer again changes nothing. */
const NO_LONGER_APPLICABLE = new Set(['illegal_transition']);

/** Reads refund streams and appends the connectors' commands through the refund decider. */
@Injectable()
export class RefundCommands {
  private readonly logger = new Logger('bank-connectors refunds');

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  now(): Date {
    return this.clock.now();
  }

  async state(refundId: string): Promise<RefundState> {
    const events = await this.store.readStream(refundStreamId(refundId));
    return events.reduce((s, e) => refundDecider.evolve(s, e as unknown as RefundEvent), refundDecider.initialState());
  }

  /** `causationId` as for payments: the consumed event's id, `callback:<id>` or `status:<order>:<status>`. */
  async apply(command: RefundCommand, causationId: string): Promise<CommandOutcome> {
    const refundId = command.data.refundId;
    try {
      const result = await handleCommand({
        store: this.store,
        streamId: refundStreamId(refundId),
        decider: refundDecider,
        command,
        context: { correlationId: refundId, causationId, actor: 'service:bank-connectors', occurredAt: this.clock.now().toISOString(), ...traceCarrier() },
      });
      return result.appended.length > 0 ? 'appended' : 'already-done';
    } catch (error) {
      if (error instanceof DomainError && NO_LONGER_APPLICABLE.has(error.code)) {
        this.logger.log(`${command.type} for refund ${refundId} skipped: ${error.message}`);
        return 'no-longer-applicable';
      }
      throw error;
    }
  }
}
