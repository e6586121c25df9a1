import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_RISK_POLICY } from '@pl/domain';
import { RiskPolicySource } from './risk-policy.file';

/**
 * Given risk running with RISK_POLICY_FILE, when an operator edits the file, then the next
 * assessment uses the new policy; when the edit is invalid, the last good policy stays, reported once.
 */
describe('a policy file change applies without a restart', () => {
  let dir = '';
  beforeAll(async () => void (dir = await mkdtemp(join(tmpdir(), 'risk-policy-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const write = async (path: string, content: unknown, mtimeSeconds: number) => {
    await writeFile(path, typeof content === 'string' ? content : JSON.stringify(content));
    await utimes(path, mtimeSeconds, mtimeSeconds);
  };

  it('reloads a changed file and keeps the last good policy over an invalid edit', async () => {
    const path = join(dir, 'policy.json');
    const errors: string[] = [];
    await write(path, { duplicateWindowMs: 60_000 }, 1_000);
    const source = await RiskPolicySource.fromFile(path, (m) => errors.push(m));
    expect((await source.policy()).duplicateWindowMs).toBe(60_000);

    await write(path, { duplicateWindowMs: 120_000 }, 2_000);
    expect((await source.policy()).duplicateWindowMs).toBe(120_000);

    await write(path, '{ "duplicateWindowMs": -1 }', 3_000);
    expect((await source.policy()).duplicateWindowMs).toBe(120_000);
    expect((await source.policy()).duplicateWindowMs).toBe(120_000);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/not reloaded, the previous one stays in force/);
    expect((await source.policy()).thresholds).toBe(DEFAULT_RISK_POLICY.thresholds);
  });

  it('refuses to start from an invalid file', async () => {
    const path = join(dir, 'bad.json');
    await write(path, { amountLimits: { CNY: { card: 5 } } }, 1_000);
    await expect(RiskPolicySource.fromFile(path, () => undefined)).rejects.toThrow();
  });
});
