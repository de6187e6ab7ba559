/**
 * The zod contracts are built on first use (issue 12: same speed): building the report's and the
 * baseline's schemas costs every process tens of milliseconds of CPU, and a plain `leakgate run`
 * reads neither. A real run of the command line, with a preloaded probe that lists the ids of
 * the schemas built in the process (every document's parts carry one: growth, site, scenario…).
 */

import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { execa } from 'execa';
import { CHILD_ENV, CLI, NODE, ROOT } from './helpers/cli.js';

const PROBE = pathToFileURL(join(ROOT, '__tests__', 'helpers', 'zod-ids-probe.mjs')).href;

/** Run `leakgate ARGS` from src/ and return its exit code and the ids of the zod schemas it built. */
async function builtIds(folder: string, args: string[]): Promise<{ exitCode: number; ids: string[]; stderr: string }> {
  const idsPath = join(folder, `ids-${randomUUID()}.json`);
  const result = await execa(NODE, ['--import', PROBE, ...CLI, ...args], {
    cwd: ROOT,
    env: { ...CHILD_ENV, CI: 'true', NO_COLOR: '1', LEAKGATE_TEST_ZOD_IDS: idsPath },
    reject: false,
    timeout: 180_000,
  });
  return { exitCode: result.exitCode ?? -1, ids: JSON.parse(readFileSync(idsPath, 'utf8')) as string[], stderr: String(result.stderr) };
}

describe('the contracts are built when they are first used', () => {
  it('a plain run builds no report or baseline schema; saving or reading a baseline builds the baseline schema alone', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-contracts-'));
    try {
      const baseline = join(folder, 'baseline.json');
      const scenario = ['run', 'examples/unbounded_cache/clean.py', '--cycles', '10', '--warmup', '1', '--progress', 'none'];

      const plain = await builtIds(folder, [...scenario, '--json', join(folder, 'report.json')]);
      expect(plain.stderr).toBe('');
      expect(plain.exitCode).toBe(0);
      expect(plain.ids).toEqual([]);

      // The probe sees what a run builds: the baseline's contract (a baseline is checked as it
      // will be read before it is written), and none of the report's (verdict, site, type,
      // comparison…), which is only built to read a report back.
      const saved = await builtIds(folder, [...scenario, '--save-baseline', baseline]);
      expect(saved.exitCode).toBe(0);
      expect(saved.ids).toEqual(['growth', 'scenario']);
      const compared = await builtIds(folder, [...scenario, '--baseline', baseline]);
      expect(compared.exitCode).toBe(0);
      expect(compared.ids).toEqual(['growth', 'scenario']);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
