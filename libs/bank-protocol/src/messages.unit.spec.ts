import { PaymentCallbackSchema, PaymentSubmissionAnswerSchema, PaymentSubmissionSchema, RefundSubmissionSchema } from './index';

const submission = {
  paymentId: 'pay-1',
  idempotencyKey: 'idem-1',
  amountMinor: '12345',
  currency: 'CNY',
  methodToken: 'tok_abc',
  callbackUrl: 'http://127.0.0.1:9999/callbacks/icbc',
};

describe('bank wire messages are strict and carry money as digit strings', () => {
  it('accepts a well-formed payment submission', () => {
    expect(PaymentSubmissionSchema.parse(submission)).toEqual(submission);
  });

  it.each([
    ['a number amount', { amountMinor: 12345 }],
    ['a decimal amount', { amountMinor: '123.45' }],
    ['a zero amount', { amountMinor: '0' }],
    ['a leading zero', { amountMinor: '0123' }],
    ['a negative amount', { amountMinor: '-1' }],
    ['a lower-case currency', { currency: 'cny' }],
    ['a non-http callback', { callbackUrl: 'file:///etc/passwd' }],
    ['an unknown field', { note: 'hi' }],
  ])('rejects %s', (_case, change) => {
    expect(PaymentSubmissionSchema.safeParse({ ...submission, ...change }).success).toBe(false);
  });

  it('answers are accepted-with-id or declined-with-code, nothing in between', () => {
    expect(PaymentSubmissionAnswerSchema.safeParse({ outcome: 'accepted', bankRequestId: 'b-1' }).success).toBe(true);
    expect(PaymentSubmissionAnswerSchema.safeParse({ outcome: 'declined', code: 'limit_exceeded' }).success).toBe(true);
    expect(PaymentSubmissionAnswerSchema.safeParse({ outcome: 'accepted', code: 'x' }).success).toBe(false);
  });

  it('callbacks name their status from a closed list, echo our order number and carry an ISO timestamp', () => {
    const callback = { callbackId: 'cb-1', bankRequestId: 'b-1', merchantOrderNo: 'pay-1:1', paymentId: 'pay-1', status: 'authorized', bankReference: 'ref-1', occurredAt: '2026-03-01T12:00:00.000Z' };
    expect(PaymentCallbackSchema.safeParse(callback).success).toBe(true);
    expect(PaymentCallbackSchema.safeParse({ ...callback, status: 'settled' }).success).toBe(false);
    expect(PaymentCallbackSchema.safeParse({ ...callback, occurredAt: 'yesterday' }).success).toBe(false);
    const { merchantOrderNo: _omitted, ...withoutOrderNo } = callback;
    expect(PaymentCallbackSchema.safeParse(withoutOrderNo).success).toBe(false);
  });

  it('refund submissions follow the same rules', () => {
    const refund = { refundId: 'r-1', merchantOrderNo: 'p-1:1', idempotencyKey: 'refund-r-1', amountMinor: '100', currency: 'CNY', callbackUrl: 'http://127.0.0.1:3004/callbacks/ICBC/refunds' };
    expect(RefundSubmissionSchema.safeParse(refund).success).toBe(true);
    expect(RefundSubmissionSchema.safeParse({ ...refund, amountMinor: 100 }).success).toBe(false);
    // The original payment is named by our order number; the bank's own id is not part of the protocol any more.
    expect(RefundSubmissionSchema.safeParse({ ...refund, bankRequestId: 'b-1' }).success).toBe(false);
    const { callbackUrl: _omitted, ...withoutCallback } = refund;
    expect(RefundSubmissionSchema.safeParse(withoutCallback).success).toBe(false);
  });
});
