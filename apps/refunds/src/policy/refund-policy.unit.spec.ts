import { DEFAULT_APPROVAL_THRESHOLD_MINOR } from '@pl/domain';
import { refundPolicy, refundPolicyFromEnv } from './refund-policy';

describe('the refund policy per channel', () => {
  it('by default: ABC and BOCOM take one refund, the wallets give back their fee pro rata, 180 days, 500,000.00 needs approvers', () => {
    const policy = refundPolicy();
    expect(policy.approvalThresholdMinor).toBe(DEFAULT_APPROVAL_THRESHOLD_MINOR);
    expect(policy.channel('ABC')).toEqual({ singleRefundOnly: true, windowMs: 180 * 86_400_000, feeOnRefund: 'kept' });
    expect(policy.channel('WECHAT_PAY')).toMatchObject({ singleRefundOnly: false, feeOnRefund: 'pro-rata' });
    expect(policy.channel('CMB')).toMatchObject({ singleRefundOnly: false, feeOnRefund: 'kept' });
  });

  it('reads the lists and the threshold from the environment (an empty list means none)', () => {
    const policy = refundPolicyFromEnv({ REFUND_APPROVAL_THRESHOLD_MINOR: '100000', REFUND_SINGLE_REFUND_CHANNELS: 'CCB, ICBC', REFUND_FEE_RETURN_CHANNELS: '' });
    expect(policy.approvalThresholdMinor).toBe(100_000n);
    expect(policy.channel('ICBC').singleRefundOnly).toBe(true);
    expect(policy.channel('ABC').singleRefundOnly).toBe(false);
    expect(policy.channel('ALIPAY').feeOnRefund).toBe('kept');
  });

  it('refuses a threshold that is not a whole number of minor units, naming the variable', () => {
    expect(() => refundPolicyFromEnv({ REFUND_APPROVAL_THRESHOLD_MINOR: '500000.00' })).toThrow(/REFUND_APPROVAL_THRESHOLD_MINOR/);
  });
});
