import { parseFeeSchedule, type FeeScheduleSpec } from './fee-schedule';

/** The brief's numbers: debit 0.5 %, credit 1 %, wallet and QR 0.38 %, instant settlement 2 CNY. */
export const briefSpec: FeeScheduleSpec = {
  channel: 'UNIONPAY',
  currency: 'CNY',
  methods: {
    debit_card: { rate: '0.005' },
    credit_card: { rate: '0.01' },
    wallet: { rate: '0.0038' },
    qr: { rate: '0.0038' },
  },
  settlement: { label: 'instant settlement (T+0)', fixedFeeMinor: '200' },
};

export const brief = parseFeeSchedule(briefSpec);
