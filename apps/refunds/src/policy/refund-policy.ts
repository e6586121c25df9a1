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
  readonly windowDays?: Readonly<Record<string, number>>;
  readonly defaultWindowDays?: number;
}

export function refundPolicy(config: RefundPolicyConfig = {}): RefundPolicy {
  const single = new Set(config.singleRefundChannels ?? ['ABC', 'BOCOM']);
  const defaultDays = config.defaultWindowDays ?? 180;
  return {
    approvalThresholdMinor: config.approvalThresholdMinor ?? DEFAULT_APPROVAL_THRESHOLD_MINOR,
    channel: (code) => ({ singleRefundOnly: single.has(code), windowMs: (config.windowDays?.[code] ?? defaultDays) * DAY_MS }),
  };
}

/** From the environment: REFUND_APPROVAL_THRESHOLD_MINOR, REFUND_SINGLE_REFUND_CHANNELS (comma separated). */
export function refundPolicyFromEnv(env: NodeJS.ProcessEnv = process.env): RefundPolicy {
  const threshold = env['REFUND_APPROVAL_THRESHOLD_MINOR'];
  const single = env['REFUND_SINGLE_REFUND_CHANNELS'];
  return refundPolicy({
    ...(threshold && /^\d{1,18}$/.test(threshold) ? { approvalThresholdMinor: BigInt(threshold) } : {}),
    ...(single !== undefined ? { singleRefundChannels: single.split(',').map((s) => s.trim()).filter(Boolean) } : {}),
  });
}
