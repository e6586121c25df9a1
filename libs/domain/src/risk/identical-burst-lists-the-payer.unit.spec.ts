import { assessRisk, DEFAULT_RISK_POLICY, money, type PriorRequest, type RiskFacts } from '@pl/domain';

const t0 = Date.parse('2026-11-22T10:00:00.000Z');
const iso = (offsetMs: number) => new Date(t0 + offsetMs).toISOString();

const request = (overrides: Partial<RiskFacts['request']> = {}): RiskFacts['request'] => ({
  paymentId: 'p-now',
  payerId: 'cust-42',
  payeeId: 'ICBC-merchant',
  amount: money(9_900n, 'CNY'),
  methodType: 'card',
  orderReference: 'ERP-1',
  requestedAt: iso(0),
  ...overrides,
});

const prior = (n: number, spacingMs: number, overrides: Partial<PriorRequest> = {}): PriorRequest[] =>
  Array.from({ length: n }, (_, i) => ({
    paymentId: `p-${i}`,
    payeeId: 'ICBC-merchant',
    amount: money(9_900n, 'CNY'),
    orderReference: `ERP-prior-${i}`,
    requestedAt: iso(-(i + 1) * spacingMs),
    ...overrides,
  }));

describe('real-time risk rules, explained', () => {
  it('approves an ordinary request with a zero score and no reasons', () => {
    expect(assessRisk(DEFAULT_RISK_POLICY, { request: request(), priorFromPayer: [], payerListed: false })).toEqual({ decision: 'approve', score: 0, reasons: [], listPayer: false });
  });

  it('given 16 identical requests in the last 3 minutes, the 17th is rejected and the payer listed (the brief’s case)', () => {
    const verdict = assessRisk(DEFAULT_RISK_POLICY, { request: request(), priorFromPayer: prior(16, 10_000), payerListed: false });
    expect(verdict).toMatchObject({ decision: 'reject', score: 1000, listPayer: true });
    expect(verdict.reasons).toEqual([expect.objectContaining({ rule: 'identical_burst', points: 1000, detail: expect.stringMatching(/^17 identical requests/) })]);
  });

  it('given 15 identical requests, the 16th passes', () => {
    expect(assessRisk(DEFAULT_RISK_POLICY, { request: request(), priorFromPayer: prior(15, 10_000), payerListed: false }).decision).toBe('approve');
  });

  it('does not count identical requests older than the window, nor ones to another payee', () => {
    const old = prior(16, 12_000); // the 16th is 192 s back: outside 180 s
    expect(assessRisk(DEFAULT_RISK_POLICY, { request: request(), priorFromPayer: old, payerListed: false }).listPayer).toBe(false);
    const elsewhere = prior(16, 1_000, { payeeId: 'CCB-merchant' });
    expect(assessRisk(DEFAULT_RISK_POLICY, { request: request(), priorFromPayer: elsewhere, payerListed: false }).listPayer).toBe(false);
  });

  it('sends a likely double submission (same payee, amount and order reference) to manual review', () => {
    const twin = prior(1, 60_000, { orderReference: 'ERP-1' });
    expect(assessRisk(DEFAULT_RISK_POLICY, { request: request(), priorFromPayer: twin, payerListed: false })).toMatchObject({
      decision: 'review',
      score: 600,
      reasons: [{ rule: 'duplicate_payment', points: 600, detail: 'same payee, amount and order reference as payment p-0' }],
    });
  });

  it('rejects a listed payer and an amount above the method’s limit, naming both', () => {
    const verdict = assessRisk(DEFAULT_RISK_POLICY, {
      request: request({ amount: money(5_000_000_01n, 'CNY') }),
      priorFromPayer: [],
      payerListed: true,
    });
    expect(verdict.decision).toBe('reject');
    expect(verdict.score).toBe(1000);
    expect(verdict.reasons.map((r) => r.rule)).toEqual(['blocklist', 'amount_limit']);
  });

  it('has no limit for a currency the policy does not list', () => {
    expect(assessRisk(DEFAULT_RISK_POLICY, { request: request({ amount: money(10n ** 12n, 'JPY') }), priorFromPayer: [], payerListed: false }).decision).toBe('approve');
  });
});
