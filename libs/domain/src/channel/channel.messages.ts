import type { Command, Event } from '../shared/messages';

/**
 * A channel (a bank or wallet) is an aggregate of its own, stream `channel-<CODE>`: its circuit
 * breaker and its maintenance switch are facts routing reads and auditors replay. Probes themselves
 * are not events (11 channels every 30 s would drown the log); only the transitions they cause are.
 */
type Ref = { channel: string };

/** bank-connectors: three consecutive probe timeouts (or the threshold configured). */
export type OpenCircuit = Command<'OpenCircuit', Ref & { reason: string; consecutiveFailures: number; openedAt: string }>;
/** bank-connectors: successful probes after the circuit opened. */
export type CloseCircuit = Command<'CloseCircuit', Ref & { successfulProbes: number; closedAt: string }>;
/** An operator (routing's API) takes the channel out of routing, e.g. for the bank's maintenance window. */
export type StartMaintenance = Command<'StartMaintenance', Ref & { reason: string; by: string; startedAt: string }>;
export type EndMaintenance = Command<'EndMaintenance', Ref & { by: string; endedAt: string }>;

export type ChannelCommand = OpenCircuit | CloseCircuit | StartMaintenance | EndMaintenance;

export type ChannelCircuitOpened = Event<'ChannelCircuitOpened', Ref & { reason: string; consecutiveFailures: number; openedAt: string }>;
export type ChannelCircuitClosed = Event<'ChannelCircuitClosed', Ref & { successfulProbes: number; closedAt: string }>;
/** Operations must hear about an opened circuit: the alert is a fact of its own, raised with the opening. */
export type ChannelAlertRaised = Event<'ChannelAlertRaised', Ref & { severity: 'critical' | 'warning'; message: string; raisedAt: string }>;
export type ChannelMaintenanceStarted = Event<'ChannelMaintenanceStarted', Ref & { reason: string; by: string; startedAt: string }>;
export type ChannelMaintenanceEnded = Event<'ChannelMaintenanceEnded', Ref & { by: string; endedAt: string }>;

export type ChannelEvent = ChannelCircuitOpened | ChannelCircuitClosed | ChannelAlertRaised | ChannelMaintenanceStarted | ChannelMaintenanceEnded;

export const CHANNEL_EVENT_TYPES: readonly ChannelEvent['type'][] = [
  'ChannelCircuitOpened',
  'ChannelCircuitClosed',
  'ChannelAlertRaised',
  'ChannelMaintenanceStarted',
  'ChannelMaintenanceEnded',
];

export const channelStreamId = (channel: string): string => `channel-${channel}`;
