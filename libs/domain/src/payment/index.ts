export * from './payment.messages';
export * from './payment.state';
export * as payment from './payment.decider';
export { paymentDecider, type PaymentDecider } from './payment.decider';
export { foldPayment, type StoredPaymentEvent } from './fold-payment';
