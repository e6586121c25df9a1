export * from './infra';
export * from './decider-spec';
export * from './processes';
export * from './payment-lifecycles';
