import { DEFAULT_RISK_POLICY } from '@pl/domain';
import { lookbackMs, parseRiskPolicy } from './risk-policy.file';

describe('a risk policy file overrides the defaults section by section', () => {
  it('reads amounts as digit strings into bigint and keeps the sections it does not give', () => {
    const policy = parseRiskPolicy({
      amountLimits: { CNY: { card: '900719925474099312', wallet: '100' } },
      identicalBurst: { maxRequests: 5, windowMs: 60_000 },
    });
    expect(policy.amountLimits).toEqual({ CNY: { card: 900719925474099312n, wallet: 100n } });
    expect(policy.identicalBurst).toEqual({ maxRequests: 5, windowMs: 60_000 });
    expect(policy.thresholds).toBe(DEFAULT_RISK_POLICY.thresholds);
    expect(policy.duplicateWindowMs).toBe(DEFAULT_RISK_POLICY.duplicateWindowMs);
    expect(lookbackMs(policy)).toBe(DEFAULT_RISK_POLICY.duplicateWindowMs);
  });

  it.each([
    ['a number amount', { amountLimits: { CNY: { card: 500 } } }],
    ['a decimal amount', { amountLimits: { CNY: { card: '5.00' } } }],
    ['an unknown currency', { amountLimits: { XXX: { card: '1' } } }],
    ['an unknown method', { amountLimits: { CNY: { cheque: '1' } } }],
    ['thresholds out of order', { thresholds: { challenge: 600, review: 500, reject: 800 } }],
    ['a score above 1000', { thresholds: { challenge: 300, review: 500, reject: 1001 } }],
    ['an unknown section', { velocity: {} }],
  ])('refuses %s', (_case, file) => {
    expect(() => parseRiskPolicy(file)).toThrow();
  });
});
