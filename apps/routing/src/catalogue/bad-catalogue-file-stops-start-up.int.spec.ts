import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnEntry } from '@pl/testing';
import { CatalogueError } from './catalogue';
import { DEFAULT_CATALOGUE } from './default-catalogue';
import { loadCatalogue } from './load-catalogue';

const dir = mkdtempSync(join(tmpdir(), 'routing-catalogue-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

describe('the channel catalogue', () => {
  it('given no file, then the built-in catalogue has the eight banks and three wallets', () => {
    expect(loadCatalogue({}).map((c) => c.code)).toEqual(['ICBC', 'CCB', 'ABC', 'BOC', 'BOCOM', 'CMB', 'SPDB', 'CITIC', 'WECHAT_PAY', 'ALIPAY', 'UNIONPAY']);
  });

  it('given a valid file, then it replaces the built-in catalogue', () => {
    const [icbc] = DEFAULT_CATALOGUE.channels;
    expect(loadCatalogue({ ROUTING_CATALOGUE_FILE: file('one.json', { channels: [icbc] }) }).map((c) => c.code)).toEqual(['ICBC']);
  });

  it('given a file with bad values, then loading fails naming every bad field', () => {
    const [icbc] = DEFAULT_CATALOGUE.channels;
    const bad = {
      channels: [
        { ...icbc!, code: 'NOBANK', weight: 0, currencies: [{ ...icbc!.currencies[0]!, minAmountMinor: '900', maxAmountMinor: '10', fees: { methods: { wallet: { rate: '1.5' } } } }] },
      ],
    };
    const load = () => loadCatalogue({ ROUTING_CATALOGUE_FILE: file('bad.json', bad) });
    expect(load).toThrow(CatalogueError);
    expect(load).toThrow(/channels\.0\.code/);
    expect(load).toThrow(/channels\.0\.weight/);
    expect(load).toThrow(/channels\.0\.currencies\.0\.maxAmountMinor: minAmountMinor exceeds maxAmountMinor/);
    expect(() => loadCatalogue({ ROUTING_CATALOGUE_FILE: file('rate.json', { channels: [{ ...icbc!, currencies: [{ ...icbc!.currencies[0]!, fees: { methods: { wallet: { rate: '1.5' } } } }] }] }) })).toThrow(
      /channels\.0\.currencies\.0\.fees: a fee rate above 100 % is a typo/,
    );
    expect(() => loadCatalogue({ ROUTING_CATALOGUE_FILE: join(dir, 'missing.json') })).toThrow(/ROUTING_CATALOGUE_FILE: cannot read/);
  });

  it('given a bad file, when routing starts as its own process, then it exits 1 saying what is wrong', async () => {
    const proc = spawnEntry('apps/routing/src/main.ts', { ROUTING_CATALOGUE_FILE: file('broken.json', '{"channels": ['), DATABASE_URL: 'postgres://u:p@127.0.0.1:1/x' });
    const code = await new Promise<number | null>((resolve) => proc.child.once('exit', resolve));
    expect(code).toBe(1);
    expect(proc.output()).toMatch(/Invalid configuration/);
    expect(proc.output()).toMatch(/ROUTING_CATALOGUE_FILE: .*broken\.json is not JSON/);
  }, 30_000);
});
