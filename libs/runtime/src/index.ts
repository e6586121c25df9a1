export * from './clock';
export * from './runtime';
export * from './service';
export * from './service-module';
export * from './standalone';
export * from './tokens';
