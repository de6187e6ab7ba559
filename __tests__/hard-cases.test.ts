/**
 * The hard cases of issue #2, run once each with a real Python: clean code that must not
 * raise an alarm (caches that fill, the re cache, bounded lru_cache, GC-collected cycles,
 * random-size buffers, thread pools, asyncio, sqlite, numpy, Flask) and leaks that must be
 * caught and attributed (a small leak amid churn, 1 cycle in 5, inside a library).
 * The benchmark (npm run bench) repeats these and times them; this test only judges them.
 * numpy and Flask come from Debian's packages for /usr/bin/python3 (.ci/run installs them).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';

const SYSTEM_PYTHON = '/usr/bin/python3';
const needsDebianPackages = (name: string) => name.includes('numpy') || name.includes('flask');
const scenarios = readdirSync(join(ROOT, 'bench', 'scenarios'))
  .filter((f) => f.endsWith('.py'))
  .sort();

describe('clean hard cases pass', () => {
  it.each(scenarios.filter((f) => f.startsWith('clean_')))('%s passes', async (file) => {
    const python = needsDebianPackages(file) ? ['--python', SYSTEM_PYTHON] : [];
    const result = await leakgate(['run', `bench/scenarios/${file}`, ...python]);
    expect(result.report?.scenarios[0].error).toBeNull();
    expect(result.report?.scenarios[0].leak.reasons).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});

/** Native and descriptor leaks have no Python line to name; their file names say which they are. */
const kindOf = (file: string) => (file.includes('native') ? 'native' : file.includes('_fd') ? 'fd' : 'python');

describe('leaky hard cases are caught, Python leaks at their marked line', () => {
  it.each(scenarios.filter((f) => f.startsWith('leak_')))('%s fails', async (file) => {
    const target = `bench/scenarios/${file}`;
    const python = needsDebianPackages(file) ? ['--python', SYSTEM_PYTHON] : [];
    const result = await leakgate(['run', target, ...python]);
    expect(result.report?.scenarios[0].error).toBeNull();
    expect(result.exitCode).toBe(1);
    const scenario = result.report!.scenarios[0];
    expect(scenario.leak.kind).toBe(kindOf(file));
    if (kindOf(file) === 'python') expect(`${scenario.sites[0].file}:${scenario.sites[0].line}`).toBe(`${target}:${leakSiteLine(join(ROOT, target))}`);
  });
});

/** Every CPython 3.9+ on this machine: python3 itself, and any pyenv versions installed. */
function interpreters(): { version: string; path: string }[] {
  const found = new Map<string, string>();
  const add = (path: string) => {
    try {
      const version = execFileSync(path, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).trim();
      const [major, minor] = version.split('.').map(Number);
      if (major === 3 && minor >= 9 && !found.has(version)) found.set(version, path);
    } catch {
      // not a working interpreter
    }
  };
  add('python3');
  const pyenv = join(process.env.HOME ?? '/root', '.pyenv', 'versions');
  if (existsSync(pyenv)) for (const v of readdirSync(pyenv)) add(join(pyenv, v, 'bin', 'python3'));
  return [...found].map(([version, path]) => ({ version, path })).sort((a, b) => a.version.localeCompare(b.version, undefined, { numeric: true }));
}

const PYTHONS = interpreters();

describe(`every Python 3.9+ found here (${PYTHONS.map((p) => p.version).join(', ')}) gets the same verdicts`, () => {
  it('at least one interpreter was found', () => {
    expect(PYTHONS.length).toBeGreaterThan(0);
  });
  it.each(PYTHONS)('Python $version: leaks are caught by kind and clean twins pass', async ({ path }) => {
    const cases = [
      { target: 'examples/unbounded_cache/leaky.py', exit: 1, kind: 'python' },
      { target: 'examples/unbounded_cache/clean.py', exit: 0, kind: null },
      { target: 'examples/asyncio_tasks/leaky.py', exit: 1, kind: 'python' },
      { target: 'examples/asyncio_tasks/clean.py', exit: 0, kind: null },
      { target: 'examples/native/leaky.py', exit: 1, kind: 'native' },
      { target: 'examples/fd_leak/leaky.py', exit: 1, kind: 'fd' },
    ];
    for (const c of cases) {
      const result = await leakgate(['run', c.target, '--python', path]);
      expect({ target: c.target, exit: result.exitCode, kind: result.report?.scenarios[0].leak.kind ?? null }).toEqual({
        target: c.target,
        exit: c.exit,
        kind: c.kind,
      });
    }
  });
});
