import { Inject, Injectable } from '@nestjs/common';
import { CHANNEL_EVENT_TYPES, channelDecider, channelStreamId, type ChannelEvent, type ChannelState } from '@pl/domain';
import type { EventStore, RecordedEvent } from '@pl/event-store';
import { CATALOGUE, type Catalogue } from '../catalogue/catalogue';

type Folded = { state: ChannelState; revision: bigint };

const isChannelEvent = (type: string): type is ChannelEvent['type'] => (CHANNEL_EVENT_TYPES as readonly string[]).includes(type);

/**
 * Each channel's circuit and maintenance as routing last heard them: folded from the channel's
 * stream at start-up (so a restarted router knows every open circuit), then kept current from
 * `ledger.channel.events`. Guarded by stream revision, so a redelivered or already-applied event
 * (the maintenance API applies its own events at once) never moves the state backwards.
 */
@Injectable()
export class ChannelStateBoard {
  private readonly folded = new Map<string, Folded>();

  constructor(@Inject(CATALOGUE) private readonly catalogue: Catalogue) {}

  /** Start-up: every catalogue channel's stream from the store, the source of truth. */
  async load(store: EventStore): Promise<void> {
    for (const channel of this.catalogue) {
      const history = await store.readStream(channelStreamId(channel.code));
      for (const event of history) this.apply(channel.code, event.revision, event);
    }
  }

  /** A recorded channel event; ignored for channels routing does not know or types it does not. */
  applyRecorded(recorded: RecordedEvent): void {
    const code = recorded.streamId.replace(/^channel-/, '');
    this.apply(code, recorded.revision, recorded);
  }

  apply(code: string, revision: bigint, event: { type: string; data: unknown }): void {
    if (!this.catalogue.some((c) => c.code === code) || !isChannelEvent(event.type)) return;
    const current = this.folded.get(code);
    if (current && revision <= current.revision) return;
    const domainEvent = { type: event.type, data: event.data } as ChannelEvent;
    this.folded.set(code, { state: channelDecider.evolve(current?.state ?? channelDecider.initialState(), domainEvent), revision });
  }

  stateOf(code: string): ChannelState {
    return this.folded.get(code)?.state ?? channelDecider.initialState();
  }

  all(): Record<string, ChannelState> {
    return Object.fromEntries(this.catalogue.map((c) => [c.code, this.stateOf(c.code)]));
  }
}
