import type { CatalogueSpec } from './catalogue.schema';

/**
 * The built-in catalogue: the brief's eight banks and three wallets with the brief's prices
 * (debit 0.5 %, credit 1 %, wallet / QR 0.38 %, a 2 CNY fixed fee at some banks, instant
 * settlement for 2 CNY). Banks price bank transfers low and cap the fee, so large B2B amounts go
 * to a bank while small ones go to a wallet. Limits are per transaction, in minor units (fen).
 * Replace it with ROUTING_CATALOGUE_FILE (same JSON shape) for real contracts.
 */
const bankTransfer = (rate: string) => ({ rate });
const cards = (debit: string, credit: string) => ({ debit_card: { rate: debit }, credit_card: { rate: credit } });
const NATIONWIDE = ['*'];
const YANGTZE_DELTA = ['CN-SH', 'CN-JS', 'CN-ZJ', 'CN-AH'];

const bank = (
  code: CatalogueSpec['channels'][number]['code'],
  name: string,
  over: { debit: string; credit: string; transfer: string; maxFee: string; fixed?: string; min?: string; max: string; regions?: string[]; weight?: number },
): CatalogueSpec['channels'][number] => ({
  code,
  name,
  kind: 'bank',
  methods: ['card', 'bank_account'],
  regions: over.regions ?? NATIONWIDE,
  weight: over.weight ?? 1,
  currencies: [
    {
      currency: 'CNY',
      minAmountMinor: over.min ?? '100',
      maxAmountMinor: over.max,
      fees: {
        methods: { ...cards(over.debit, over.credit), bank_transfer: bankTransfer(over.transfer) },
        maxFeeMinor: over.maxFee,
        ...(over.fixed ? { fixedFeeMinor: over.fixed } : {}),
      },
    },
  ],
});

const wallet = (code: 'WECHAT_PAY' | 'ALIPAY', name: string): CatalogueSpec['channels'][number] => ({
  code,
  name,
  kind: 'wallet',
  methods: ['wallet'],
  regions: NATIONWIDE,
  weight: 1,
  currencies: [{ currency: 'CNY', minAmountMinor: '1', maxAmountMinor: '5000000', fees: { methods: { wallet: { rate: '0.0038' }, qr: { rate: '0.0038' } } } }],
});

export const DEFAULT_CATALOGUE: CatalogueSpec = {
  channels: [
    bank('ICBC', 'Industrial and Commercial Bank of China', { debit: '0.005', credit: '0.01', transfer: '0.001', maxFee: '5000', max: '100000000' }),
    bank('CCB', 'China Construction Bank', { debit: '0.005', credit: '0.01', transfer: '0.0012', maxFee: '4000', max: '50000000' }),
    // Rural coverage is its strength, its platform is slower to settle: operations weight it a little down.
    bank('ABC', 'Agricultural Bank of China', { debit: '0.0055', credit: '0.01', transfer: '0.001', maxFee: '5000', max: '50000000', weight: 0.95 }),
    {
      // The international bank: also USD and EUR.
      ...bank('BOC', 'Bank of China', { debit: '0.005', credit: '0.01', transfer: '0.0015', maxFee: '6000', max: '100000000' }),
      currencies: [
        { currency: 'CNY', minAmountMinor: '100', maxAmountMinor: '100000000', fees: { methods: { ...cards('0.005', '0.01'), bank_transfer: bankTransfer('0.0015') }, maxFeeMinor: '6000' } },
        { currency: 'USD', minAmountMinor: '100', maxAmountMinor: '10000000', fees: { methods: { ...cards('0.01', '0.015'), bank_transfer: bankTransfer('0.002') }, maxFeeMinor: '5000' } },
        { currency: 'EUR', minAmountMinor: '100', maxAmountMinor: '10000000', fees: { methods: { ...cards('0.01', '0.015'), bank_transfer: bankTransfer('0.002') }, maxFeeMinor: '5000' } },
      ],
    },
    bank('BOCOM', 'Bank of Communications', { debit: '0.005', credit: '0.0095', transfer: '0.0012', maxFee: '4000', max: '50000000', regions: YANGTZE_DELTA }),
    bank('CMB', 'China Merchants Bank', { debit: '0.0045', credit: '0.009', transfer: '0.001', maxFee: '5000', max: '50000000' }),
    // The 2 CNY fixed fee: cheap for large transfers, dear for small payments (it can double their effective rate).
    bank('SPDB', 'Shanghai Pudong Development Bank', {
      debit: '0.004', credit: '0.008', transfer: '0.0005', maxFee: '3000', fixed: '200', min: '1000', max: '200000000',
      regions: [...YANGTZE_DELTA, 'CN-BJ', 'CN-GD'],
    }),
    bank('CITIC', 'China CITIC Bank', { debit: '0.004', credit: '0.0085', transfer: '0.0005', maxFee: '2500', fixed: '200', min: '1000', max: '500000000' }),
    wallet('WECHAT_PAY', 'WeChat Pay'),
    wallet('ALIPAY', 'Alipay'),
    {
      code: 'UNIONPAY',
      name: 'UnionPay (cards and QuickPass)',
      kind: 'wallet',
      methods: ['card', 'wallet'],
      regions: NATIONWIDE,
      // Fewer payers have QuickPass set up than the two big wallets: operations prefer those.
      weight: 0.9,
      currencies: [
        {
          currency: 'CNY',
          minAmountMinor: '1',
          maxAmountMinor: '5000000',
          fees: {
            methods: { ...cards('0.005', '0.01'), wallet: { rate: '0.0038' }, qr: { rate: '0.0038' } },
            settlement: { label: 'instant settlement (T+0)', fixedFeeMinor: '200' },
          },
        },
      ],
    },
  ],
};
