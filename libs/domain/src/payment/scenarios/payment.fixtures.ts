import type {
  AssessRisk,
  AuthorizePayment,
  DeclinePayment,
  ExpirePayment,
  FailPayment,
  PaymentAuthorized,
  PaymentDeclined,
  PaymentEvent,
  PaymentExpired,
  PaymentFailed,
  PaymentRequested,
  PaymentRiskAssessed,
  PaymentRouted,
  PaymentSettled,
  PaymentSubmittedToBank,
  RoutePayment,
  SettlePayment,
  SubmitToBank,
} from '../payment.messages';

/** One payment of 125.50 CNY through its lifecycle: events as recorded, commands as services send them. */
export const paymentId = '6f1c1b8e-2d7a-4b55-9d8e-0c2f4a1b9e01';
const at = (minute: number): string => `2026-11-22T10:${String(minute).padStart(2, '0')}:00.000Z`;

export const requested: PaymentRequested = {
  type: 'PaymentRequested',
  data: {
    paymentId,
    amountMinor: '12550',
    currency: 'CNY',
    payerId: 'cust-42',
    payeeId: 'merchant-7',
    method: { type: 'wallet', token: 'tok_wallet_1', masked: 'wx***01' },
    orderReference: 'ERP-2026-0001',
    metadata: {},
    idempotencyKey: 'key-1',
    requestedAt: at(0),
  },
};

const reasons = [{ rule: 'amount_band', points: 40, detail: 'amount in the 100–500 CNY band' }];

export const assessRisk = (d: Partial<AssessRisk['data']> = {}): AssessRisk => ({
  type: 'AssessRisk',
  data: { paymentId, decision: 'approve', score: 40, reasons, assessedAt: at(1), ...d },
});
export const riskAssessed = (d: Partial<PaymentRiskAssessed['data']> = {}): PaymentRiskAssessed => ({
  type: 'PaymentRiskAssessed',
  data: { paymentId, decision: 'approve', score: 40, reasons, assessedAt: at(1), ...d },
});

export const route = (d: Partial<RoutePayment['data']> = {}): RoutePayment => ({
  type: 'RoutePayment',
  data: { paymentId, channel: 'WECHAT', quotedFeeMinor: 48n, why: ['lowest effective rate'], routedAt: at(2), attempt: 1, ...d },
});
export const routed = (d: Partial<PaymentRouted['data']> = {}): PaymentRouted => ({
  type: 'PaymentRouted',
  data: { paymentId, channel: 'WECHAT', quotedFeeMinor: '48', why: ['lowest effective rate'], routedAt: at(2), attempt: 1, ...d },
});

export const submit = (d: Partial<SubmitToBank['data']> = {}): SubmitToBank => ({
  type: 'SubmitToBank',
  data: { paymentId, channel: 'WECHAT', attempt: 1, bankRequestId: 'wx-req-1', submittedAt: at(3), ...d },
});
export const submitted = (d: Partial<PaymentSubmittedToBank['data']> = {}): PaymentSubmittedToBank => ({
  type: 'PaymentSubmittedToBank',
  data: { paymentId, channel: 'WECHAT', attempt: 1, bankRequestId: 'wx-req-1', submittedAt: at(3), ...d },
});

export const authorize = (d: Partial<AuthorizePayment['data']> = {}): AuthorizePayment => ({
  type: 'AuthorizePayment',
  data: { paymentId, attempt: 1, bankReference: 'WX-AUTH-1', authorizedAt: at(4), ...d },
});
export const authorized = (d: Partial<PaymentAuthorized['data']> = {}): PaymentAuthorized => ({
  type: 'PaymentAuthorized',
  data: { paymentId, channel: 'WECHAT', attempt: 1, bankReference: 'WX-AUTH-1', amountMinor: '12550', currency: 'CNY', payeeId: 'merchant-7', authorizedAt: at(4), ...d },
});

export const settle = (d: Partial<SettlePayment['data']> = {}): SettlePayment => ({
  type: 'SettlePayment',
  data: { paymentId, settledAmountMinor: 12502n, feeMinor: 48n, settledAt: at(5), ...d },
});
export const settled = (d: Partial<PaymentSettled['data']> = {}): PaymentSettled => ({
  type: 'PaymentSettled',
  data: { paymentId, channel: 'WECHAT', payeeId: 'merchant-7', currency: 'CNY', amountMinor: '12550', settledAmountMinor: '12502', feeMinor: '48', settledAt: at(5), ...d },
});

export const decline = (d: Partial<DeclinePayment['data']> = {}): DeclinePayment => ({
  type: 'DeclinePayment',
  data: { paymentId, attempt: 1, reason: 'insufficient funds', code: '51', declinedAt: at(4), ...d },
});
export const declined = (d: Partial<PaymentDeclined['data']> = {}): PaymentDeclined => ({
  type: 'PaymentDeclined',
  data: { paymentId, channel: 'WECHAT', attempt: 1, reason: 'insufficient funds', code: '51', declinedAt: at(4), ...d },
});

export const fail = (d: Partial<FailPayment['data']> = {}): FailPayment => ({
  type: 'FailPayment',
  data: { paymentId, attempt: 1, reason: 'channel timeout confirmed by status query', failedAt: at(6), ...d },
});
export const failed = (d: Partial<PaymentFailed['data']> = {}): PaymentFailed => ({
  type: 'PaymentFailed',
  data: { paymentId, channel: 'WECHAT', attempt: 1, reason: 'channel timeout confirmed by status query', failedAt: at(6), ...d },
});

export const expire = (d: Partial<ExpirePayment['data']> = {}): ExpirePayment => ({
  type: 'ExpirePayment',
  data: { paymentId, expiredAt: at(30), ...d },
});
export const expired = (d: Partial<PaymentExpired['data']> = {}): PaymentExpired => ({
  type: 'PaymentExpired',
  data: { paymentId, expiredAt: at(30), ...d },
});

/** Histories that bring the payment to each status along the happy path. */
export const history = {
  requested: [requested] as PaymentEvent[],
  approved: [requested, riskAssessed()] as PaymentEvent[],
  underReview: [requested, riskAssessed({ decision: 'review', score: 620 })] as PaymentEvent[],
  rejected: [requested, riskAssessed({ decision: 'reject', score: 910 })] as PaymentEvent[],
  routed: [requested, riskAssessed(), routed()] as PaymentEvent[],
  submitted: [requested, riskAssessed(), routed(), submitted()] as PaymentEvent[],
  failed: [requested, riskAssessed(), routed(), submitted(), failed()] as PaymentEvent[],
  authorized: [requested, riskAssessed(), routed(), submitted(), authorized()] as PaymentEvent[],
  settled: [requested, riskAssessed(), routed(), submitted(), authorized(), settled()] as PaymentEvent[],
  declined: [requested, riskAssessed(), routed(), submitted(), declined()] as PaymentEvent[],
  expired: [requested, riskAssessed(), expired()] as PaymentEvent[],
};
