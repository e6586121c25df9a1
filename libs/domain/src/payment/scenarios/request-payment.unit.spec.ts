import { deciderSpec } from '@pl/testing';
import { money, paymentDecider, type PaymentRequested, type RequestPayment } from '@pl/domain';

const spec = deciderSpec(paymentDecider);

const request = (overrides: Partial<RequestPayment['data']> = {}): RequestPayment => ({
  type: 'RequestPayment',
  data: {
    paymentId: '6f1c1b8e-2d7a-4b55-9d8e-0c2f4a1b9e01',
    amount: money(12550n, 'CNY'),
    payerId: 'cust-42',
    payeeId: 'merchant-7',
    method: { type: 'card', token: 'tok_visa_4242', masked: '424242******4242' },
    orderReference: 'ERP-2026-0001',
    metadata: { branch: 'CMB Beijing' },
    idempotencyKey: 'key-1',
    requestedAt: '2026-11-22T10:00:00.000Z',
    ...overrides,
  },
});

const requested: PaymentRequested = {
  type: 'PaymentRequested',
  data: {
    paymentId: '6f1c1b8e-2d7a-4b55-9d8e-0c2f4a1b9e01',
    amountMinor: '12550',
    currency: 'CNY',
    payerId: 'cust-42',
    payeeId: 'merchant-7',
    method: { type: 'card', token: 'tok_visa_4242', masked: '424242******4242' },
    orderReference: 'ERP-2026-0001',
    metadata: { branch: 'CMB Beijing' },
    idempotencyKey: 'key-1',
    requestedAt: '2026-11-22T10:00:00.000Z',
  },
};

describe('RequestPayment', () => {
  it('given no payment, when requested, then PaymentRequested carries the amount as a digit string', () => {
    spec.given([]).when(request()).then([requested]);
  });

  it('given the same request was accepted, when it is repeated with the same key, then nothing happens', () => {
    spec.given([requested]).when(request()).thenNothingHappens();
  });

  it('given a payment exists, when another request uses its id with another key, then it is refused', () => {
    spec.given([requested]).when(request({ idempotencyKey: 'key-2' })).thenFails('payment_exists');
  });

  it('given no payment, when the amount is zero, then it is refused', () => {
    spec.given([]).when(request({ amount: money(0n, 'CNY') })).thenFails('invalid_amount');
  });

  it('given no payment, when the amount exceeds 10^15 minor units, then it is refused', () => {
    spec.given([]).when(request({ amount: money(10n ** 15n + 1n, 'JPY') })).thenFails('invalid_amount');
  });

  it('evolves into a requested state that keeps the amount as bigint', () => {
    const state = paymentDecider.evolve(paymentDecider.initialState(), requested);
    expect(state).toMatchObject({ status: 'requested', amount: { amountMinor: 12550n, currency: 'CNY' } });
  });
});
