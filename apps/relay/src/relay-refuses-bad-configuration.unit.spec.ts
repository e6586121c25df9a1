import { ConfigError, loadConfig } from '@pl/config';
import { relayEnv } from './config';

/** Given a missing or malformed variable, the relay refuses to start and names every problem at once. */
describe('relay configuration', () => {
  const good = { DATABASE_URL: 'postgres://u:p@localhost:5432/ledger', KAFKA_BROKERS: 'localhost:9092, kafka-2:9092' };

  it('fills in defaults and splits the broker list', () => {
    expect(loadConfig(relayEnv, good)).toEqual({
      DATABASE_URL: good.DATABASE_URL,
      KAFKA_BROKERS: ['localhost:9092', 'kafka-2:9092'],
      RELAY_NAME: 'relay',
      RELAY_HEALTH_PORT: 3010,
      HOST: '127.0.0.1',
      EVENT_STORE: 'postgres',
    });
    expect(loadConfig(relayEnv, { ...good, RELAY_HEALTH_PORT: '0' }).RELAY_HEALTH_PORT).toBe(0);
  });

  it('names each bad variable without echoing the password', () => {
    let error: unknown;
    try {
      loadConfig(relayEnv, { DATABASE_URL: 'mysql://u:secret@h/db', KAFKA_BROKERS: 'localhost', RELAY_NAME: 'has space', RELAY_HEALTH_PORT: '70000' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['DATABASE_URL', 'KAFKA_BROKERS', 'RELAY_HEALTH_PORT', 'RELAY_NAME']);
    expect((error as ConfigError).message).not.toContain('secret');
  });

  it('needs a connection string to follow EventStoreDB', () => {
    expect(() => loadConfig(relayEnv, { ...good, EVENT_STORE: 'eventstoredb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
  });

  it('requires DATABASE_URL and KAFKA_BROKERS', () => {
    expect(() => loadConfig(relayEnv, {})).toThrow(/DATABASE_URL: .*not set[\s\S]*KAFKA_BROKERS: .*not set/);
  });
});
