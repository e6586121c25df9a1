import { DEFAULT_MAX_PAYMENTS_IN_FLIGHT, intakeLimitsFromEnv } from './payments-in-flight';

describe('INTAKE_MAX_PAYMENTS_IN_FLIGHT', () => {
  it('defaults when unset, takes a whole number, and 0 turns the limit off', () => {
    expect(intakeLimitsFromEnv({})).toEqual({ maxPaymentsInFlight: DEFAULT_MAX_PAYMENTS_IN_FLIGHT });
    expect(intakeLimitsFromEnv({ INTAKE_MAX_PAYMENTS_IN_FLIGHT: '250' })).toEqual({ maxPaymentsInFlight: 250 });
    expect(intakeLimitsFromEnv({ INTAKE_MAX_PAYMENTS_IN_FLIGHT: '0' })).toEqual({ maxPaymentsInFlight: 0 });
  });

  it.each(['-1', '1.5', 'many', '1e3'])('stops start-up on %s, naming the variable', (value) => {
    expect(() => intakeLimitsFromEnv({ INTAKE_MAX_PAYMENTS_IN_FLIGHT: value })).toThrow(/INTAKE_MAX_PAYMENTS_IN_FLIGHT must be a whole number/);
  });
});
