/**
 * What the harness does to stay cheap must not change what it finds: the big-heap freeze,
 * compiling the harness from source, a shallow stack under the cycles, a traced window as short
 * as the evidence allows.
 * Real python3 processes throughout.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import type { Report } from '../src/report/types.js';
import { cliArgs, copySource, leakgate, NODE, ROOT } from './helpers/cli.js';

const HARNESS = join(ROOT, 'src', 'harness', 'python');

/** Every file and folder under a folder, recursively, relative to it. */
function entriesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
}

/** Every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

describe('the harness is compiled from its shipped source, and writes no bytecode anywhere', () => {
  // A cache of bytecode would lie where the scenario (the same user) can write, and could carry
  // code into the next run (issue 11): lifecycle.test.ts plants one and shows it does not run.
  // The harness must not rely on PYTHONDONTWRITEBYTECODE (users do not set it; the test helpers
  // do): these children get an environment without it, and a copy of the source that no other
  // test imports, so what is found beside the harness was written by this run.
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-bytecode-test-'));
  const source = copySource(folder);
  const harness = join(source, 'src', 'harness', 'python');
  const work = join(folder, 'work');
  const temp = join(folder, 'tmp');
  mkdirSync(work);
  mkdirSync(temp);
  writeFileSync(join(work, 'leaky.py'), '_kept = []\n\n\ndef cycle():\n    _kept.append(bytearray(1024))\n');
  /** A bare environment: no PYTHONDONTWRITEBYTECODE, whatever the test process has. */
  const bare = { PATH: process.env.PATH!, HOME: process.env.HOME!, TMPDIR: temp, CI: 'true', NO_COLOR: '1' };

  it('a whole run with PYTHONDONTWRITEBYTECODE unset leaves no .pyc beside the harness nor under the temp dir', async () => {
    const before = entriesUnder(harness);
    const result = await execa(NODE, [...cliArgs(source), 'run', 'leaky.py', '--cycles', '60', '--json', join(folder, 'report.json')], {
      cwd: work,
      env: bare,
      extendEnv: false,
      reject: false,
    });
    expect(result.exitCode).toBe(1); // the run went all the way: the harness imported and ran everything
    expect(entriesUnder(harness)).toEqual(before);
    // Node's own compile cache may be there (src/cli.ts enables it); Python's bytecode must not.
    expect(entriesUnder(temp).filter((entry) => /__pycache__|\.py[co]$|leakgate-bytecode/.test(entry))).toEqual([]);
  });

  it('(control) an ordinary import of the harness in that environment would have written one', () => {
    // Without this, the test above could pass because Python writes no bytecode here at all.
    const control = join(folder, 'control');
    mkdirSync(control);
    cpSync(harness, control, { recursive: true });
    const imported = spawnSync(
      'python3',
      ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); sys.argv = sys.argv[1:]; import leakgate_run', control, join(temp, 'missing-settings.json')],
      { env: bare },
    );
    expect(imported.status).toBe(11); // the harness's usage error: it ran, without settings
    expect(entriesUnder(control)).toContain('__pycache__');
  });

  // The traced window's modules are imported only when a window runs (issue 12), after the
  // scenario loaded: through the harness's own finder still, never Python's, which reads .pyc files.
  describe('the modules a traced window imports later', () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-late-import-'));
    const source = copySource(folder); // planting beside it must not touch the source other tests run
    const shipped = join(source, 'src', 'harness', 'python');
    const temp = join(folder, 'tmp');
    mkdirSync(temp);
    const work = join(folder, 'work');
    mkdirSync(work);
    const marker = (name: string) => join(folder, `${name}-ran`);
    const evil = (name: string) => `open(${JSON.stringify(marker(name))}, "w").write("ran")\nraise SystemExit(0)\n`;
    writeFileSync(join(work, 'leaky.py'), '_kept = []\n\n\ndef cycle():\n    _kept.append(bytearray(4096))\n');
    const run = async () => {
      const json = join(folder, `report-${Date.now()}.json`);
      const env = { TMPDIR: temp, CI: 'true', NO_COLOR: '1' };
      const result = await execa(NODE, [...cliArgs(source), 'run', 'leaky.py', '--json', json], { cwd: work, env, reject: false });
      return { exitCode: result.exitCode, report: existsSync(json) ? (JSON.parse(readFileSync(json, 'utf8')) as Report) : null };
    };

    it('a .pyc planted beside window.py is never executed, and none is written', async () => {
      const window = join(shipped, 'leakgate_harness', 'window.py');
      const plant = `import importlib._bootstrap_external as external, importlib.util, os, sys
path = sys.argv[1]
info = os.stat(path)
# The header of a timestamp .pyc says "compiled from a file of this mtime and size": the real file's.
data = external._code_to_timestamp_pyc(compile(sys.argv[2], path, "exec"), int(info.st_mtime), info.st_size)
cached = importlib.util.cache_from_source(path)
os.makedirs(os.path.dirname(cached), exist_ok=True)
open(cached, "wb").write(data)
print(cached)`;
      const planted = spawnSync('python3', ['-B', '-c', plant, window, evil('window')], { encoding: 'utf8' });
      expect(planted.status).toBe(0);
      const result = await run();
      expect(existsSync(marker('window'))).toBe(false);
      expect(result.exitCode).toBe(1);
      expect(result.report!.scenarios[0].timing.tracedCycles).toBeGreaterThan(0); // the window ran
      expect(result.report!.scenarios[0].sites[0].file).toBe('leaky.py');
      expect(filesUnder(shipped).filter((file) => file.endsWith('.pyc'))).toEqual([planted.stdout.trim()]);
      expect(filesUnder(temp).filter((file) => file.endsWith('.pyc'))).toEqual([]); // node keeps its compile cache there
    });

    it("a module of the scenario's folder named like one the window imports (tracemalloc.py) does not stand in for it", async () => {
      writeFileSync(join(work, 'tracemalloc.py'), evil('tracemalloc'));
      const result = await run();
      expect(existsSync(marker('tracemalloc'))).toBe(false);
      expect(result.exitCode).toBe(1);
      expect(result.report!.scenarios[0].sites[0].file).toBe('leaky.py');
    });
  });
});

describe('a big heap is frozen after the warm-up, and leaks on top of it are still found', () => {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-big-heap-'));
  const common = `
_heap = []
_registry = {}


class Session:
    def __init__(self, n):
        self.n = n
        self.payload = [n] * 20


def setup():
    _heap.extend([i, str(i)] for i in range(300_000))  # 300,000 lists: over the freeze threshold
`;
  writeFileSync(
    join(folder, 'big_leaky.py'),
    `${common}

def cycle():
    n = len(_registry)
    _registry[n] = Session(n)
`,
  );
  writeFileSync(
    join(folder, 'big_clean.py'),
    `${common}

def cycle():
    session = Session(len(_heap))
    _registry["current"] = session
`,
  );

  it('a leak of one object per cycle is caught, with its type, site and what holds it', async () => {
    const result = await leakgate(['run', 'big_leaky.py', '--cwd', folder]);
    const scenario = result.report!.scenarios[0];
    expect(result.exitCode).toBe(1);
    expect(scenario.leak.kind).toBe('python');
    expect(scenario.leak.notes.join(' ')).toMatch(/froze the \d[\d,]* objects/);
    const session = scenario.types.find((t) => t.type === 'big_leaky.Session');
    expect(session?.perCycle).toBeCloseTo(1, 1);
    expect(session?.retainedBy).toMatch(/^big_leaky\._registry \(dict\) → \[key \d+\] → big_leaky\.Session$/);
    expect(`${scenario.sites[0].file}:${scenario.sites[0].line}`).toBe('big_leaky.py:9');
  });

  it('the same heap with no leak passes', async () => {
    const result = await leakgate(['run', 'big_clean.py', '--cwd', folder]);
    expect(result.report!.scenarios[0].leak.reasons).toEqual([]);
    expect(result.exitCode).toBe(0);
  });
});

describe('the traced window is as short as the evidence allows', () => {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-window-'));
  writeFileSync(
    join(folder, 'steady.py'),
    `
_kept = []


def cycle():
    _kept.append(bytearray(4096))
`,
  );
  writeFileSync(
    join(folder, 'stack.py'),
    `
import json
import os
import sys

_kept = []


def cycle():
    _kept.append(bytearray(4096))
    # Every frame below this one: its file, and how many lines its function spans.
    below = []
    frame = sys._getframe(1)
    while frame is not None:
        code = frame.f_code
        lines = [line for _, _, line in code.co_lines() if line is not None] if hasattr(code, "co_lines") else [code.co_firstlineno]
        below.append([code.co_filename, max(lines) - code.co_firstlineno + 1])
        frame = frame.f_back
    with open(os.path.join(os.path.dirname(__file__), "stack.json"), "w") as out:
        json.dump(below, out)
`,
  );
  writeFileSync(
    join(folder, 'raises_traced.py'),
    `
_kept = []
_count = [0]


def cycle():
    _count[0] += 1
    _kept.append(bytearray(4096))
    if _count[0] == 223:  # 20 warm-up, 100 measured and 100 confirming cycles, then the traced window
        raise RuntimeError("broke in the traced window")
`,
  );

  it('a leak that grows at every snapshot ends the window early, at the same site', async () => {
    const result = await leakgate(['run', 'steady.py', '--cwd', folder]);
    const scenario = result.report!.scenarios[0];
    expect(result.exitCode).toBe(1);
    // The window may run 20 cycles here (cheap cycles): it stops once four snapshots all rose.
    expect(scenario.timing.tracedCycles).toBeGreaterThanOrEqual(3);
    expect(scenario.timing.tracedCycles).toBeLessThan(20);
    expect(`${scenario.sites[0].file}:${scenario.sites[0].line}`).toBe('steady.py:6');
  });

  it('a leak in one cycle of five does not end it early', async () => {
    const result = await leakgate(['run', 'bench/scenarios/leak_one_in_five.py']);
    expect(result.exitCode).toBe(1);
    expect(result.report!.scenarios[0].timing.tracedCycles).toBeGreaterThanOrEqual(5);
  });

  it('cycles run on a shallow stack: a few small harness frames lie below them', async () => {
    // tracemalloc finds each recorded frame's line by scanning its function's line table: long
    // harness functions below every traced allocation made traced cycles 2-3x dearer.
    await leakgate(['run', 'stack.py', '--cwd', folder]);
    const below = JSON.parse(readFileSync(join(folder, 'stack.json'), 'utf8')) as [string, number][];
    expect(below.length).toBeGreaterThan(0);
    // Nothing but the harness lies below a cycle (the entry script at the bottom) ...
    expect(below.every(([file]) => file.startsWith(HARNESS))).toBe(true);
    expect(below[below.length - 1][0]).toBe(join(HARNESS, 'leakgate_run.py'));
    // ... in at most five frames, none of a long function but the entry module and the cycle loop.
    expect(below.length).toBeLessThanOrEqual(5);
    const [loop, ...rest] = below;
    expect(loop[1]).toBeLessThan(60);
    expect(rest.slice(0, -1).every(([, lines]) => lines <= 25)).toBe(true);
  });

  it('a cycle that raises in the traced window is reported with its cycle, and what was measured is kept', async () => {
    const result = await leakgate(['run', 'raises_traced.py', '--cwd', folder]);
    const scenario = result.report!.scenarios[0];
    expect(result.exitCode).toBe(2);
    expect(scenario.error?.message).toContain('cycle 223 (trace) raised');
    expect(scenario.series.cycles.cycle.length).toBeGreaterThanOrEqual(220);
  });
});

describe('the harness sizes its measured phase within its checkpoint budget', () => {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-batches-'));
  writeFileSync(join(folder, 'cheap.py'), 'def cycle():\n    return [1] * 10\n');

  // Checkpoints (gc.collect() and a census, a few ms) may cost 5% of the measured cycles' time;
  // the phase has 8 to 25 batches, each followed by one, after the one before the first. (How
  // many more slow cycles pay for depends on what a checkpoint costs on a loaded machine.)
  it('cycles far cheaper than a checkpoint get the 8 batches a trend needs, not fewer', async () => {
    const result = await leakgate(['run', 'cheap.py', '--cwd', folder, '--cycles', '100']);
    expect(result.exitCode).toBe(0);
    const checkpoints = result.report!.scenarios[0].series.checkpoints.cycle;
    expect(checkpoints.length).toBe(9);
    expect(checkpoints[checkpoints.length - 1]).toBe(120);
  });
});
