export * from './refund.messages';
export * from './refund.state';
export { refundDecider } from './refund.decider';
export { foldRefund } from './fold-refund';
