import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { channelDecider, channelStreamId, DomainError, isRoutable, type ChannelCommand } from '@pl/domain';
import { handleCommand, type EventStore } from '@pl/event-store';
import { CLOCK, EVENT_STORE, type Clock } from '@pl/runtime';
import { ProblemException } from '@pl/service-kit';
import { traceCarrier } from '@pl/telemetry';
import { CATALOGUE, type Catalogue } from '../catalogue/catalogue';
import { ChannelStateBoard } from '../live/channel-state.board';

/**
 * An operator takes a channel out of routing (or puts it back): a fact on the channel's own stream,
 * so every router replica, the connectors and the auditors see it. Applied to this replica's board
 * at once, so the answer and the next route agree; the relay brings it to the others.
 */
@Injectable()
export class MaintenanceHandler {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CATALOGUE) private readonly catalogue: Catalogue,
    private readonly board: ChannelStateBoard,
  ) {}

  start(code: string, reason: string, by: string) {
    const at = this.clock.now().toISOString();
    return this.run(code, { type: 'StartMaintenance', data: { channel: code, reason, by, startedAt: at } }, by, at);
  }

  end(code: string, by: string) {
    const at = this.clock.now().toISOString();
    return this.run(code, { type: 'EndMaintenance', data: { channel: code, by, endedAt: at } }, by, at);
  }

  private async run(code: string, command: ChannelCommand, by: string, at: string) {
    if (!this.catalogue.some((c) => c.code === code)) {
      throw new ProblemException({ status: 404, type: 'not-found', title: 'Channel not found', detail: `no channel ${code} in the routing catalogue` });
    }
    const streamId = channelStreamId(code);
    try {
      const result = await handleCommand({
        store: this.store,
        streamId,
        decider: channelDecider,
        command,
        context: { correlationId: streamId, causationId: `request:${command.type}:${randomUUID()}`, actor: `operator:${by}`, occurredAt: at, ...traceCarrier() },
      });
      for (const e of result.appended) this.board.apply(code, e.revision, e);
      return { channel: code, revision: result.revision.toString(), routable: isRoutable(result.state), circuit: result.state.circuit, maintenance: result.state.maintenance };
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const status = error.code === 'maintenance_in_progress' ? 409 : 422;
      throw new ProblemException({ status, type: 'channel-command-rejected', title: 'Channel command rejected', detail: error.message, extra: { code: error.code } });
    }
  }
}
