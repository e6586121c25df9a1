export type BreakerStatus = 'closed' | 'open' | 'half-open';

/** A transition worth recording on the channel's stream; half-open is this breaker's own business. */
export type BreakerTransition = 'opened' | 'closed' | null;

export interface BreakerSettings {
  /** Consecutive failed probes that open a closed circuit. */
  readonly failureThreshold: number;
  /** Consecutive successful probes that close an open circuit. */
  readonly closeAfter: number;
}

export interface BreakerView {
  readonly status: BreakerStatus;
  readonly consecutiveFailures: number;
  readonly consecutiveSuccesses: number;
}

/**
 * One channel's breaker, fed by health probes. closed → (threshold failures) → open → (a success) →
 * half-open → (closeAfter successes in a row) → closed; a failure while half-open opens it again.
 * Payments go only through a closed circuit: half-open is for probes to prove the bank is back.
 * Pure: no clock, no I/O, so every transition is unit-tested.
 */
export class CircuitBreaker {
  private status: BreakerStatus = 'closed';
  private failures = 0;
  private successes = 0;

  constructor(private readonly settings: BreakerSettings) {
    if (settings.failureThreshold < 1 || settings.closeAfter < 1) throw new RangeError('breaker thresholds must be at least 1');
  }

  get view(): BreakerView {
    return { status: this.status, consecutiveFailures: this.failures, consecutiveSuccesses: this.successes };
  }

  get allowsPayments(): boolean {
    return this.status === 'closed';
  }

  recordFailure(): BreakerTransition {
    this.successes = 0;
    this.failures += 1;
    switch (this.status) {
      case 'closed':
        if (this.failures < this.settings.failureThreshold) return null;
        this.status = 'open';
        return 'opened';
      case 'half-open':
        // Still open as far as anyone else knows: nothing new to record.
        this.status = 'open';
        return null;
      case 'open':
        return null;
      default: {
        const _never: never = this.status;
        return _never;
      }
    }
  }

  recordSuccess(): BreakerTransition {
    this.failures = 0;
    this.successes += 1;
    switch (this.status) {
      case 'closed':
        return null;
      case 'open':
      case 'half-open':
        if (this.successes < this.settings.closeAfter) {
          this.status = 'half-open';
          return null;
        }
        this.status = 'closed';
        return 'closed';
      default: {
        const _never: never = this.status;
        return _never;
      }
    }
  }

  /** After a restart, the channel's stream says the circuit is open: start there, not closed. */
  restoreOpen(): void {
    this.status = 'open';
    this.failures = 0;
    this.successes = 0;
  }
}
