export * from './rate';
export * from './fee-schedule';
export * from './quote-fee';
export * from './effective-rate';
