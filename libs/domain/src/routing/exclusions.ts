import { isRoutable, type ChannelState } from '../channel';
import { formatMajor } from '../money';
import { ANY_REGION, type ChannelProfile, type CurrencyTerms, type RoutablePayment } from './channel-profile';

export const EXCLUSION_CODES = [
  'already_tried',
  'circuit_open',
  'maintenance',
  'currency',
  'method',
  'region',
  'below_minimum',
  'over_limit',
  /** The channel's fee (e.g. a 2 CNY fixed fee on a 1 CNY payment) would exceed the payment itself. */
  'fee_exceeds_amount',
] as const;
export type ExclusionCode = (typeof EXCLUSION_CODES)[number];

export type ExclusionReason = Readonly<{ code: ExclusionCode; detail: string }>;

/** A channel that may not carry this payment, with every reason (not only the first). */
export type Exclusion = Readonly<{ channel: string; reasons: readonly ExclusionReason[] }>;

export type Eligibility = Readonly<{ eligible: true; terms: CurrencyTerms }> | Readonly<{ eligible: false; reasons: readonly ExclusionReason[] }>;

/**
 * Every rule that keeps a channel out of this payment's route. Pure: channel state, catalogue and
 * what was already tried are all passed in.
 */
export function eligibility(channel: ChannelProfile, state: ChannelState, payment: RoutablePayment, tried: ReadonlySet<string>): Eligibility {
  const reasons: ExclusionReason[] = [];
  const { amount } = payment;
  const m = (n: bigint): string => `${formatMajor({ amountMinor: n, currency: amount.currency })} ${amount.currency}`;
  if (tried.has(channel.code)) reasons.push({ code: 'already_tried', detail: 'an earlier attempt of this payment failed on it' });
  if (state.circuit.status === 'open') reasons.push({ code: 'circuit_open', detail: `circuit open since ${state.circuit.openedAt}: ${state.circuit.reason}` });
  if (state.maintenance !== null) reasons.push({ code: 'maintenance', detail: `in maintenance since ${state.maintenance.since}: ${state.maintenance.reason}` });
  const terms = channel.terms.find((t) => t.currency === amount.currency);
  if (!terms) reasons.push({ code: 'currency', detail: `does not accept ${amount.currency}` });
  if (!channel.methods.includes(payment.methodType)) {
    reasons.push({ code: 'method', detail: `does not accept ${payment.methodType}` });
  } else if (terms && terms.fees.methods[payment.methodKind] === undefined) {
    reasons.push({ code: 'method', detail: `has no price for ${payment.methodKind}` });
  }
  if (payment.region !== null && !channel.regions.includes(ANY_REGION) && !channel.regions.includes(payment.region)) {
    reasons.push({ code: 'region', detail: `does not serve ${payment.region}` });
  }
  if (terms && amount.amountMinor < terms.minAmountMinor) reasons.push({ code: 'below_minimum', detail: `minimum ${m(terms.minAmountMinor)}` });
  if (terms && amount.amountMinor > terms.maxAmountMinor) reasons.push({ code: 'over_limit', detail: `limit ${m(terms.maxAmountMinor)} per transaction` });
  // The state check is repeated through the channel library's own rule, so the two can never disagree.
  if (reasons.length === 0 && terms && isRoutable(state)) return { eligible: true, terms };
  return { eligible: false, reasons };
}
