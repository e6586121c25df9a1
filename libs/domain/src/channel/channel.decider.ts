import { assertNever, DomainError, type Decider } from '../shared/messages';
import type { ChannelCommand, ChannelEvent } from './channel.messages';
import type { ChannelState } from './channel.state';

export const initialState = (): ChannelState => ({ circuit: { status: 'closed' }, maintenance: null });

/**
 * Several connector replicas probe the same channel: the second "open" of an open circuit (or
 * "close" of a closed one) is already satisfied and returns [], so each transition is recorded once.
 */
export function decide(command: ChannelCommand, state: ChannelState): ChannelEvent[] {
  switch (command.type) {
    case 'OpenCircuit': {
      const d = command.data;
      if (state.circuit.status === 'open') return [];
      return [
        { type: 'ChannelCircuitOpened', data: { channel: d.channel, reason: d.reason, consecutiveFailures: d.consecutiveFailures, openedAt: d.openedAt } },
        {
          type: 'ChannelAlertRaised',
          data: {
            channel: d.channel,
            severity: 'critical',
            message: `circuit opened for ${d.channel} after ${d.consecutiveFailures} consecutive failures (${d.reason}); traffic falls back to other channels`,
            raisedAt: d.openedAt,
          },
        },
      ];
    }
    case 'CloseCircuit': {
      const d = command.data;
      if (state.circuit.status === 'closed') return [];
      return [{ type: 'ChannelCircuitClosed', data: { channel: d.channel, successfulProbes: d.successfulProbes, closedAt: d.closedAt } }];
    }
    case 'StartMaintenance': {
      const d = command.data;
      if (state.maintenance !== null) {
        if (state.maintenance.reason === d.reason) return [];
        throw new DomainError('maintenance_in_progress', `${d.channel} is already in maintenance (${state.maintenance.reason}) since ${state.maintenance.since}`, {
          channel: d.channel,
        });
      }
      if (d.reason.trim() === '') throw new DomainError('reason_required', 'maintenance needs a reason', { channel: d.channel });
      return [{ type: 'ChannelMaintenanceStarted', data: { channel: d.channel, reason: d.reason, by: d.by, startedAt: d.startedAt } }];
    }
    case 'EndMaintenance': {
      const d = command.data;
      if (state.maintenance === null) return [];
      return [{ type: 'ChannelMaintenanceEnded', data: { channel: d.channel, by: d.by, endedAt: d.endedAt } }];
    }
    default: {
      const _never: never = command;
      return assertNever(_never);
    }
  }
}

export function evolve(state: ChannelState, event: ChannelEvent): ChannelState {
  switch (event.type) {
    case 'ChannelCircuitOpened':
      return { ...state, circuit: { status: 'open', reason: event.data.reason, openedAt: event.data.openedAt } };
    case 'ChannelCircuitClosed':
      return { ...state, circuit: { status: 'closed' } };
    case 'ChannelAlertRaised':
      return state;
    case 'ChannelMaintenanceStarted':
      return { ...state, maintenance: { reason: event.data.reason, by: event.data.by, since: event.data.startedAt } };
    case 'ChannelMaintenanceEnded':
      return { ...state, maintenance: null };
    default:
      return assertNever(event);
  }
}

export const channelDecider: Decider<ChannelState, ChannelCommand, ChannelEvent> = { initialState, decide, evolve };
