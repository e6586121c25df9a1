import { CircuitBreaker } from './circuit-breaker';

const breaker = () => new CircuitBreaker({ failureThreshold: 3, closeAfter: 2 });

describe('circuit breaker: closed → open → half-open → closed', () => {
  it('given a closed breaker, when two probes fail, then it stays closed', () => {
    const b = breaker();
    expect([b.recordFailure(), b.recordFailure()]).toEqual([null, null]);
    expect(b.view).toEqual({ status: 'closed', consecutiveFailures: 2, consecutiveSuccesses: 0 });
    expect(b.allowsPayments).toBe(true);
  });

  it('given two failures, when a probe succeeds, then the count starts again', () => {
    const b = breaker();
    b.recordFailure();
    b.recordFailure();
    b.recordSuccess();
    expect(b.recordFailure()).toBeNull();
    expect(b.view.status).toBe('closed');
  });

  it('given a closed breaker, when the third consecutive probe fails, then it opens once', () => {
    const b = breaker();
    b.recordFailure();
    b.recordFailure();
    expect(b.recordFailure()).toBe('opened');
    expect(b.recordFailure()).toBeNull();
    expect(b.view.status).toBe('open');
    expect(b.allowsPayments).toBe(false);
  });

  it('given an open breaker, when one probe succeeds, then it is half-open and still takes no payments', () => {
    const b = breaker();
    b.restoreOpen();
    expect(b.recordSuccess()).toBeNull();
    expect(b.view.status).toBe('half-open');
    expect(b.allowsPayments).toBe(false);
  });

  it('given a half-open breaker, when a probe fails, then it is open again without a new transition', () => {
    const b = breaker();
    b.restoreOpen();
    b.recordSuccess();
    expect(b.recordFailure()).toBeNull();
    expect(b.view.status).toBe('open');
  });

  it('given a half-open breaker, when enough probes succeed in a row, then it closes', () => {
    const b = breaker();
    b.restoreOpen();
    b.recordSuccess();
    expect(b.recordSuccess()).toBe('closed');
    expect(b.view).toEqual({ status: 'closed', consecutiveFailures: 0, consecutiveSuccesses: 2 });
    expect(b.allowsPayments).toBe(true);
  });

  it('refuses thresholds below one', () => {
    expect(() => new CircuitBreaker({ failureThreshold: 0, closeAfter: 2 })).toThrow(RangeError);
  });
});
