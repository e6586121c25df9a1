import { DEFAULT_APPROVAL_THRESHOLD_MINOR, type RefundChannelPolicy } from '@pl/domain';

/** Injection token of the refund policy (threshold and per-channel rules). */
export const REFUND_POLICY = Symbol('REFUND_POLICY');

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Refund rules per channel. Card schemes and wallets take refunds for 180 days, several per
 * payment; the brief says some banks take only one refund per payment (configured here, the same
 * banks the sandbox is told to behave that way for).
 */
export interface RefundPolicy {
  /** Above this many minor units a refund needs two approvers (the brief's 500,000.00 CNY). */
  readonly approvalThresholdMinor: bigint;
  channel(code: string): RefundChannelPolicy;
}

export interface RefundPolicyConfig {
  readonly approvalThresholdMinor?: bigint;
  readonly singleRefundChannels?: readonly string[];
  /** Channels that give back their fee pro rata on a refund; the others keep it. */
  readonly feeReturnChannels?: readonly string[];
  readonly windowDays?: Readonly<Record<string, number>>;
  readonly defaultWindowDays?: number;
}

export function refundPolicy(config: RefundPolicyConfig = {}): RefundPolicy {
  const single = new Set(config.singleRefundChannels ?? ['ABC', 'BOCOM']);
  // The wallets are the placeholders here (like ABC and BOCOM above) until each contract is checked.
  const feeReturn = new Set(config.feeReturnChannels ?? ['WECHAT_PAY', 'ALIPAY']);
  const defaultDays = config.defaultWindowDays ?? 180;
  return {
    approvalThresholdMinor: config.approvalThresholdMinor ?? DEFAULT_APPROVAL_THRESHOLD_MINOR,
    channel: (code) => ({
      singleRefundOnly: single.has(code),
      windowMs: (config.windowDays?.[code] ?? defaultDays) * DAY_MS,
      feeOnRefund: feeReturn.has(code) ? 'pro-rata' : 'kept',
    }),
  };
}

const channelList = (value: string): string[] => value.split(',').map((s) => s.trim()).filter(Boolean);

/** From the environment: REFUND_APPROVAL_THRESHOLD_MINOR, REFUND_SINGLE_REFUND_CHANNELS, REFUND_FEE_RETURN_CHANNELS (comma separated). */
export function refundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RefundPolicy {
  const threshold = env['REFUND_APPROVAL_THRESHOLD_MINOR'];
  const single = env['REFUND_SINGLE_REFUND_CHANNELS'];
  const feeReturn = env['REFUND_FEE_RETURN_CHANNELS'];
  if (threshold !== undefined && !/^\d{1,18}$/.test(threshold)) {
    throw new Error(`REFUND_APPROVAL_THRESHOLD_MINOR must be a whole number of minor units (digits only), got "${threshold}"`);
  }
  return refundPolicy({
    ...(threshold !== undefined ? { approvalThresholdMinor: BigInt(threshold) } : {}),
    ...(single !== undefined ? { singleRefundChannels: channelList(single) } : {}),
    ...(feeReturn !== undefined ? { feeReturnChannels: channelList(feeReturn) } : {}),
  });
}
