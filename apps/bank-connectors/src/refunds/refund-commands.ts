import { Inject, Injectable, Logger } from '@nestjs/common';
import { foldRefund, refundDecider, type RefundCommand, type RefundState, refundStreamId } from '@pl/domain';
import type { EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { applyConnectorCommand, type CommandOutcome } from '../stream-commands';

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
    return foldRefund(events);
  }

  async apply(command: RefundCommand, causationId: string): Promise<CommandOutcome> {
    const refundId = command.data.refundId;
    return applyConnectorCommand({
      store: this.store,
      clock: this.clock,
      logger: this.logger,
      streamId: refundStreamId(refundId),
      decider: refundDecider,
      command,
      correlationId: refundId,
      causationId,
      noLongerApplicable: NO_LONGER_APPLICABLE,
    });
  }
}
