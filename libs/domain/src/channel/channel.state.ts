/** Circuit and maintenance are independent: a channel in maintenance may also have an open circuit. */
export type CircuitState =
  | Readonly<{ status: 'closed' }>
  | Readonly<{ status: 'open'; reason: string; openedAt: string }>;

export type Maintenance = Readonly<{ reason: string; by: string; since: string }>;

export type ChannelState = Readonly<{ circuit: CircuitState; maintenance: Maintenance | null }>;

/** A channel routing may send payments to right now. */
export const isRoutable = (state: ChannelState): boolean => state.circuit.status === 'closed' && state.maintenance === null;
