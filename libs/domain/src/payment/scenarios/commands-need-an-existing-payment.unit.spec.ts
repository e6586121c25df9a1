import { deciderSpec } from '@pl/testing';
import { paymentDecider, type PaymentCommand } from '@pl/domain';
import { assessRisk, authorize, decline, expire, fail, route, settle, submit } from './payment.fixtures';

const spec = deciderSpec(paymentDecider);

describe('lifecycle commands need a requested payment', () => {
  it.each<PaymentCommand>([assessRisk(), route(), submit(), authorize(), settle(), decline(), fail(), expire()])(
    'given no payment, when $type, then payment_not_found',
    (command) => {
      spec.given([]).when(command).thenFails('payment_not_found');
    },
  );
});
