import { z } from 'zod';
import { bool, commonServiceEnv, ConfigError, csv, durationMs, enumOf, loadConfig, port, postgresUrl, url } from './index';

const DB = 'postgres://ledger:s3cret@127.0.0.1:5432/ledger';
const service = commonServiceEnv.extend({ PORT: port(3001) });

function problemsOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig with the common service schema', () => {
  it('applies the defaults', () => {
    expect(loadConfig(service, { DATABASE_URL: DB })).toEqual({
      BUS: 'inprocess',
      DATABASE_URL: DB,
      EVENT_STORE: 'postgres',
      EVENT_STORE_GROUP_COMMIT: true,
      HOST: '127.0.0.1',
      LOG_LEVEL: 'log',
      PORT: 3001,
    });
  });

  it('parses every field from strings', () => {
    const config = loadConfig(service, {
      DATABASE_URL: DB,
      PORT: '8080',
      BUS: 'kafka',
      KAFKA_BROKERS: 'a:9092, b:9092,',
      KAFKA_SESSION_TIMEOUT_MS: '6s',
      EVENT_STORE: 'eventstoredb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
      LOG_LEVEL: 'debug',
      EVENT_STORE_GROUP_COMMIT: 'false',
    });
    expect(config).toMatchObject({ PORT: 8080, KAFKA_BROKERS: ['a:9092', 'b:9092'], KAFKA_SESSION_TIMEOUT_MS: 6000, EVENT_STORE: 'eventstoredb', LOG_LEVEL: 'debug', EVENT_STORE_GROUP_COMMIT: false });
  });

  it('lists every bad variable with its expected form and the value received', () => {
    const message = problemsOf(() => loadConfig(service, { PORT: 'abc', DATABASE_URL: 'mysql://x/y', BUS: 'rabbit', LOG_LEVEL: 'loud' }));
    expect(message).toMatch(/^Invalid configuration:\n/);
    expect(message).toContain('  PORT: expected an integer 1-65535, got "abc"');
    expect(message).toContain('  DATABASE_URL: expected a PostgreSQL URL like postgres://user:password@host:5432/database, got "mysql://x/y"');
    expect(message).toContain('  BUS: expected one of inprocess | kafka, got "rabbit"');
    expect(message).toContain('  LOG_LEVEL: expected one of fatal | error | warn | log | debug | verbose, got "loud"');
  });

  it('says a required variable is not set', () => {
    expect(problemsOf(() => loadConfig(service, {}))).toContain('  DATABASE_URL: expected a PostgreSQL URL');
    expect(problemsOf(() => loadConfig(service, {}))).toContain('but it is not set');
  });

  it('requires KAFKA_BROKERS when BUS=kafka, and reports it beside other problems', () => {
    const message = problemsOf(() => loadConfig(service, { BUS: 'kafka', PORT: '0', DATABASE_URL: DB }));
    expect(message).toContain('  KAFKA_BROKERS: required when BUS=kafka');
    expect(message).toContain('  PORT: expected an integer 1-65535, got "0"');
  });

  it('requires EVENTSTORE_CONNECTION_STRING when EVENT_STORE=eventstoredb', () => {
    expect(problemsOf(() => loadConfig(service, { EVENT_STORE: 'eventstoredb', DATABASE_URL: DB }))).toContain(
      '  EVENTSTORE_CONNECTION_STRING: required when EVENT_STORE=eventstoredb',
    );
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig(service, { DATABASE_URL: DB, PORT: '' }).PORT).toBe(3001);
  });

  it('never echoes a password', () => {
    const message = problemsOf(() => loadConfig(z.object({ DATABASE_URL: postgresUrl(), API_TOKEN: z.string().min(40) }), {
      DATABASE_URL: 'mysql://ledger:hunter2@db/x',
      API_TOKEN: 'hunter2',
    }));
    expect(message).not.toContain('hunter2');
    expect(message).toContain('mysql://ledger:***@db/x');
    expect(message).toContain('API_TOKEN');
  });
});

describe('field helpers', () => {
  const one = <T>(schema: z.ZodType<T>, value: string | undefined) => loadConfig(z.object({ V: schema }), value === undefined ? {} : { V: value }).V;

  it.each([
    ['1', 1],
    ['65535', 65535],
  ])('port %s', (raw, expected) => expect(one(port(), raw)).toBe(expected));
  it.each(['0', '65536', '80.5', '-1', 'http'])('port rejects %s', (raw) => expect(() => one(port(), raw)).toThrow(ConfigError));

  it.each([
    ['true', true],
    ['YES', true],
    ['1', true],
    ['off', false],
    ['0', false],
  ])('bool %s', (raw, expected) => expect(one(bool(false), raw)).toBe(expected));
  it('bool rejects anything else instead of reading it as false', () => expect(() => one(bool(false), 'nope')).toThrow(/expected a boolean/));
  it('bool default', () => expect(one(bool(true), undefined)).toBe(true));

  it.each([
    ['250', 250],
    ['250ms', 250],
    ['30s', 30_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
  ])('durationMs %s', (raw, expected) => expect(one(durationMs(), raw)).toBe(expected));
  it('durationMs rejects 1.5s', () => expect(() => one(durationMs(), '1.5s')).toThrow(/expected a duration/));
  it('durationMs default', () => expect(one(durationMs(5000), undefined)).toBe(5000));

  it('csv needs at least one item', () => expect(() => one(csv(), ' , ')).toThrow(/comma-separated/));
  it('url checks the scheme', () => {
    expect(one(url(), 'https://idp.example/jwks')).toBe('https://idp.example/jwks');
    expect(() => one(url(), 'ftp://x')).toThrow(/expected an absolute http or https URL/);
    expect(one(url({ protocols: ['esdb'], defaultValue: 'esdb://x:2113' }), undefined)).toBe('esdb://x:2113');
  });
  it('enumOf with a default', () => expect(one(enumOf(['a', 'b'], 'b'), undefined)).toBe('b'));
  it('a plain zod string that is missing reads "required"', () => {
    expect(() => one(z.string(), undefined)).toThrow('  V: required, but it is not set');
  });
});
