import { paymentDecider, type PaymentCommand, type PaymentState } from '@pl/domain';
import { assessRisk, authorize, fail, requested, route, settle, submit } from './payment.fixtures';

/** Drives decide + evolve from nothing to settled, the way a command handler does. */
function run(commands: PaymentCommand[]): { state: PaymentState; statuses: string[] } {
  let state = paymentDecider.evolve(paymentDecider.initialState(), requested);
  const statuses: string[] = [state.status];
  for (const command of commands) {
    for (const event of paymentDecider.decide(command, state)) state = paymentDecider.evolve(state, event);
    statuses.push(state.status);
  }
  return { state, statuses };
}

describe('the full payment lifecycle', () => {
  it('goes requested → approved → routed → submitted → authorized → settled', () => {
    const { state, statuses } = run([assessRisk(), route(), submit(), authorize(), settle()]);
    expect(statuses).toEqual(['requested', 'approved', 'routed', 'submitted', 'authorized', 'settled']);
    expect(state).toMatchObject({
      status: 'settled',
      route: { channel: 'WECHAT', quotedFee: { amountMinor: 48n, currency: 'CNY' }, attempt: 1 },
      authorization: { bankReference: 'WX-AUTH-1' },
      settlement: { settledAmount: { amountMinor: 12502n }, fee: { amountMinor: 48n } },
    });
  });

  it('recovers from a failed channel through a fallback and settles on attempt 2', () => {
    const fallback = { channel: 'UNIONPAY', attempt: 2 };
    const { state, statuses } = run([
      assessRisk(),
      route(),
      submit(),
      fail(),
      route({ ...fallback, quotedFeeMinor: 63n }),
      submit({ ...fallback, bankRequestId: 'up-req-1' }),
      authorize({ attempt: 2, bankReference: 'UP-1' }),
      settle({ settledAmountMinor: 12487n, feeMinor: 63n }),
    ]);
    expect(statuses).toEqual(['requested', 'approved', 'routed', 'submitted', 'failed', 'routed', 'submitted', 'authorized', 'settled']);
    expect(state).toMatchObject({ status: 'settled', submission: { channel: 'UNIONPAY', attempt: 2 } });
  });

  it('records a failure before submission without a submission', () => {
    const { state } = run([assessRisk(), route(), fail()]);
    expect(state).toMatchObject({ status: 'failed', submission: null, failure: { attempt: 1 } });
  });
});
