export * from './shared/messages';
export * from './money';
export * from './payment';
