// One Jest configuration for the whole workspace. TypeScript is compiled by SWC (with decorator
// metadata, which Nest's dependency injection needs); path aliases come from tsconfig.base.json.
// Test levels are in the file names: *.unit.spec.ts, *.int.spec.ts, *.e2e.spec.ts.
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

const { compilerOptions } = JSON.parse(readFileSync(join(__dirname, 'tsconfig.base.json'), 'utf8'));
const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [`^${alias}$`, join('<rootDir>', target)]),
);

const swc = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
  module: { type: 'commonjs' },
  sourceMaps: 'inline',
};

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'cjs', 'json'],
  moduleNameMapper,
  transform: {
    '^.+\\.ts$': ['@swc/jest', swc],
    // Nest 12, jose 6 and path-to-regexp 9 (under Fastify's middie) ship only as ES modules. Node 20.19+ loads them from CommonJS at run time,
    // but Jest's module system cannot, so Jest compiles them to CommonJS too.
    '^.+\\.m?js$': ['@swc/jest', swc],
  },
  transformIgnorePatterns: ['/node_modules/(?!(@nestjs|jose|@standard-schema|uid|path-to-regexp)/)(?!@fastify/middie/node_modules/path-to-regexp/)'],
  globalSetup: '<rootDir>/scripts/test/global-setup.mjs',
  globalTeardown: '<rootDir>/scripts/test/global-teardown.mjs',
  testTimeout: 60_000,
  // Integration tests share one PostgreSQL server and one Kafka broker; two workers fit 2 cores.
  maxWorkers: 2,
};
