/** Raised when an event arrives before its predecessor: retried by the bus, never applied out of order. */
export class ProjectionGapError extends Error {
  override readonly name = 'ProjectionGapError';
}
