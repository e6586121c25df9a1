import { deciderSpec } from '@pl/testing';
import { paymentDecider } from '@pl/domain';
import { history, settle, settled } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('SettlePayment', () => {
  it('given an authorized payment, when the bank settles net of its fee, then PaymentSettled', () => {
    spec.given(history.authorized).when(settle()).then([settled()]);
  });

  it('given a settled payment, when the same settlement repeats, then nothing happens', () => {
    spec.given(history.settled).when(settle()).thenNothingHappens();
  });

  it('given a settled payment, when a different settlement arrives, then it conflicts', () => {
    spec.given(history.settled).when(settle({ settledAmountMinor: 12500n, feeMinor: 50n })).thenFails('settlement_conflict');
  });

  it('given an authorized payment, when settled amount plus fee is not the amount, then it is refused', () => {
    spec.given(history.authorized).when(settle({ settledAmountMinor: 12500n })).thenFails('settlement_mismatch');
  });

  it('given an authorized payment, when the fee is negative, then it is refused', () => {
    spec.given(history.authorized).when(settle({ settledAmountMinor: 12551n, feeMinor: -1n })).thenFails('settlement_mismatch');
  });
});
