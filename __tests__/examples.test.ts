/**
 * Integration: the built command line on every bundled example, with a real python3.
 * Each leaky example must be caught with the right kind and, for Python leaks, the right
 * line; each clean twin must pass. Every report must match the published schema.
 */
import { join } from 'node:path';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const PATTERNS: { pattern: string; kind: 'python' | 'native' | 'fd' }[] = [
  { pattern: 'unbounded_cache', kind: 'python' },
  { pattern: 'listeners', kind: 'python' },
  { pattern: 'closures', kind: 'python' },
  { pattern: 'finalizer_resurrection', kind: 'python' },
  { pattern: 'asyncio_tasks', kind: 'python' },
  { pattern: 'thread_local', kind: 'python' },
  { pattern: 'native', kind: 'native' },
  { pattern: 'fd_leak', kind: 'fd' },
];

describe('leaky examples are caught', () => {
  it.each(PATTERNS)('$pattern/leaky.py fails as a $kind leak, exit 1', async ({ pattern, kind }) => {
    const target = `examples/${pattern}/leaky.py`;
    const result = await leakgate(['run', target]);
    expect(result.exitCode).toBe(1);
    const report = result.report!;
    expect(schemaErrors(report)).toEqual([]);
    const scenario = report.scenarios[0];
    expect(scenario.verdict).toBe('fail');
    expect(scenario.leak).toMatchObject({ detected: true, kind });
    expect(scenario.leak.reasons.length).toBeGreaterThan(0);
    if (kind === 'python') {
      const top = scenario.sites[0];
      expect(`${top.file}:${top.line}`).toBe(`${target}:${leakSiteLine(join(ROOT, target))}`);
      expect(top.userCode).toBe(true);
      expect(top.bytesPerCycle).toBeGreaterThan(4096);
      expect(top.frames[0].file).toBeTruthy();
      expect(result.stdout).toContain(`${target}:${top.line}`);
    }
    if (kind === 'native') {
      expect(scenario.growth.rssBytesPerCycle).toBeGreaterThan(128 * 1024);
      expect(scenario.sites.filter((s) => s.bytesPerCycle > 4096)).toEqual([]);
    }
    if (kind === 'fd') {
      expect(scenario.growth.fdsPerCycle).toBeCloseTo(1, 1);
      expect(scenario.fdTargets[0].growth).toBeGreaterThanOrEqual(90);
    }
  });
});

describe('clean twins pass', () => {
  it.each(PATTERNS)('$pattern/clean.py passes, exit 0', async ({ pattern }) => {
    const result = await leakgate(['run', `examples/${pattern}/clean.py`]);
    expect(result.report?.scenarios[0].leak.reasons).toEqual([]);
    expect(result.exitCode).toBe(0);
    expect(schemaErrors(result.report)).toEqual([]);
    expect(result.report!.scenarios[0]).toMatchObject({ verdict: 'pass', leak: { detected: false, kind: null }, error: null });
  });
});
