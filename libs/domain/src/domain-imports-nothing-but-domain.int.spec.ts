import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * The module boundary is a rule that fails, not a convention: a domain file importing Nest, a
 * database driver, Kafka or an adapter library is a lint error. Proven by linting a probe file.
 */
describe('the domain library may not import frameworks, drivers or adapters', () => {
  const root = resolve(__dirname, '..', '..', '..');
  const probe = join(__dirname, 'boundary-probe.tmp.ts');

  afterAll(() => rmSync(probe, { force: true }));

  beforeAll(() => {
    // The rule needs Nx's project graph, and skips itself (a warning) when none is cached.
    const graph = spawnSync(join(root, 'node_modules/.bin/nx'), ['show', 'projects'], { cwd: root, encoding: 'utf8', env: { ...process.env, NX_DAEMON: 'false' } });
    expect(graph.status).toBe(0);
  }, 120_000);

  it('reports every forbidden import as an error', () => {
    writeFileSync(
      probe,
      [
        "import { Injectable } from '@nestjs/common';",
        "import { Pool } from 'pg';",
        "import { Kafka } from 'kafkajs';",
        "import { createEventStore } from '@pl/event-store';",
        'export const used = [Injectable, Pool, Kafka, createEventStore];',
        '',
      ].join('\n'),
    );
    const result = spawnSync(join(root, 'node_modules/.bin/eslint'), ['--format', 'json', probe], {
      cwd: root,
      encoding: 'utf8',
      env: { ...process.env, NX_DAEMON: 'false' },
    });
    const [report] = JSON.parse(result.stdout) as Array<{ messages: Array<{ ruleId: string | null; line: number; message: string }> }>;
    const boundaryErrors = report!.messages.filter((m) => m.ruleId === '@nx/enforce-module-boundaries');
    expect(boundaryErrors.map((m) => m.line).sort()).toEqual([1, 2, 3, 4]);
  }, 120_000);
});
