export * from './accounts';
export * from './postings';
export * from './payment-postings';
export * from './trial-balance';
