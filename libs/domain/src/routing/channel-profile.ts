import type { CurrencyCode, Money } from '../money';
import type { FeeSchedule, MethodKind } from '../fees';
import type { PaymentMethodType } from '../payment';

export type ChannelKind = 'bank' | 'wallet';

/** What a channel accepts in one currency: its per-transaction limits and its price list. */
export type CurrencyTerms = Readonly<{
  currency: CurrencyCode;
  /** Inclusive per-transaction bounds in minor units of `currency`. */
  minAmountMinor: bigint;
  maxAmountMinor: bigint;
  fees: FeeSchedule;
}>;

/** Any region: a nationwide channel. */
export const ANY_REGION = '*';

/**
 * One channel of the catalogue, as routing needs it. Regions are ISO 3166-2 codes (`CN-SH`), or
 * `*` for nationwide. The operator weight multiplies the score: 1 is neutral, 1.1 favours, 0.5 halves.
 */
export type ChannelProfile = Readonly<{
  code: string;
  name: string;
  kind: ChannelKind;
  methods: readonly PaymentMethodType[];
  terms: readonly CurrencyTerms[];
  regions: readonly string[];
  weight: number;
}>;

/** The payment as routing sees it: what it is, how it is paid, where it comes from. */
export type RoutablePayment = Readonly<{
  amount: Money;
  methodType: PaymentMethodType;
  methodKind: MethodKind;
  /** From the payment's metadata `region`, when the caller sent one; null = unknown, no region filter. */
  region: string | null;
}>;

/**
 * Which price list applies to a payment method. A card is priced as a credit card unless the
 * request says it is a debit card (metadata `funding: 'debit'`): when the funding is unknown the
 * dearer rate is quoted, so a quoted fee is never below what the channel will charge.
 * Wallets are priced as wallets (QR is a wallet payment shown as a code: same kind here), bank
 * accounts as bank transfers.
 */
export function feeMethodKind(methodType: PaymentMethodType, metadata: Readonly<Record<string, string>>): MethodKind {
  switch (methodType) {
    case 'card':
      return metadata['funding'] === 'debit' ? 'debit_card' : 'credit_card';
    case 'wallet':
      return 'wallet';
    case 'bank_account':
      return 'bank_transfer';
    default: {
      const _never: never = methodType;
      return _never;
    }
  }
}

/** The routable view of a payment from its request fields. */
export function routablePayment(amount: Money, methodType: PaymentMethodType, metadata: Readonly<Record<string, string>>): RoutablePayment {
  const region = metadata['region'];
  return { amount, methodType, methodKind: feeMethodKind(methodType, metadata), region: region === undefined || region === '' ? null : region };
}
