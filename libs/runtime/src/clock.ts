/** Time enters the system through this port, so deciders stay pure and tests can pin it. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };
