import { deciderSpec } from '@pl/testing';
import { paymentDecider, type PaymentCommand, type PaymentEvent } from '@pl/domain';
import { assessRisk, authorize, decline, expire, fail, history, route, settle, submit } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);
const later = '2026-11-22T12:00:00.000Z';

/** Each terminal status against every command that would change it. */
const cases: Array<[string, PaymentEvent[], PaymentCommand]> = [
  ['rejected', history.rejected, route()],
  ['rejected', history.rejected, expire()],
  ['settled', history.settled, expire()],
  ['settled', history.settled, fail()],
  ['settled', history.settled, decline()],
  ['settled', history.settled, route({ attempt: 2 })],
  ['declined', history.declined, authorize()],
  ['declined', history.declined, settle()],
  ['declined', history.declined, fail()],
  ['expired', history.expired, route()],
  ['expired', history.expired, assessRisk({ assessedAt: later })],
  ['expired', history.expired, submit()],
];

describe('terminal states accept nothing but idempotent repeats', () => {
  it.each(cases)('given a %s payment, when %#, then it is refused', (_status, given, command) => {
    spec.given(given).when(command).thenFails('payment_terminal');
  });

  it.each([
    ['rejected', history.rejected, assessRisk({ decision: 'reject', score: 910 })],
    ['settled', history.settled, settle()],
    ['settled', history.settled, submit()],
    ['settled', history.settled, route()],
    ['declined', history.declined, decline()],
    ['expired', history.expired, expire()],
  ] as Array<[string, PaymentEvent[], PaymentCommand]>)('given a %s payment, when an already satisfied command repeats (%#), then nothing happens', (_s, given, command) => {
    spec.given(given).when(command).thenNothingHappens();
  });
});
