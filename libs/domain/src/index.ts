export * from './shared/messages';
export * from './money';
export * from './payment';
export * from './fees';
export * from './risk';
export * from './channel';
export * from './routing';
export * from './refund';
