import { ConfigError } from '@pl/config';
import { connectorsConfig } from './config';

describe('connectors configuration', () => {
  it('given no environment, then the sandbox defaults and its dev secrets apply', () => {
    const config = connectorsConfig({}, {});
    expect(config).toMatchObject({ bankBaseUrl: 'http://127.0.0.1:3007', bankTimeoutMs: 2_000, probeIntervalMs: 30_000, failureThreshold: 3, closeAfter: 2 });
    expect(config.secrets.WECHAT_PAY).toEqual(['sandbox-wechat_pay-secret']);
    expect(config.callbackBaseUrl).toBeUndefined();
  });

  it('given a rotation, then both secrets are held, the current one first', () => {
    const config = connectorsConfig({}, { BANK_SECRETS_ICBC: 'new-secret-0123456789, old-secret-0123456789' });
    expect(config.secrets.ICBC).toEqual(['new-secret-0123456789', 'old-secret-0123456789']);
  });

  it('given explicit overrides, then they win over the environment', () => {
    const config = connectorsConfig({ bankBaseUrl: 'http://127.0.0.1:9999', probeIntervalMs: 100 }, { BANK_SANDBOX_URL: 'http://bank.example', PROBE_INTERVAL_MS: '5s' });
    expect(config).toMatchObject({ bankBaseUrl: 'http://127.0.0.1:9999', probeIntervalMs: 100 });
  });

  it('given a bad value, then start-up stops naming the variable', () => {
    expect(() => connectorsConfig({}, { BANK_TIMEOUT_MS: 'soon' })).toThrow(ConfigError);
    expect(() => connectorsConfig({}, { BANK_TIMEOUT_MS: 'soon' })).toThrow(/BANK_TIMEOUT_MS/);
  });
});
