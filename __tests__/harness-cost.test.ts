/**
 * What the harness does to stay cheap must not change what it finds: the big-heap freeze,
 * compiling the harness from source, and naming library functions from indentation.
 * Real python3 processes throughout.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { childEnv, cliArgs, copySource, leakgate, NODE, ROOT } from './helpers/cli.js';

const HARNESS = join(ROOT, 'src', 'harness', 'python');

/** Every file and folder under a folder, recursively, relative to it. */
function entriesUnder(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .map((e) => relative(folder, join(e.parentPath, e.name)))
    .sort();
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
    const result = await execa(NODE, [...cliArgs(source), 'run', 'leaky.py', '--cycles', '60', '--json', join(folder, 'report.json')], { cwd: work, env: bare, extendEnv: false, reject: false });
    expect(result.exitCode).toBe(1); // the run went all the way: the harness imported and ran everything
    expect(entriesUnder(harness)).toEqual(before);
    // Node's own compile cache may be there (src/cli.ts enables it); Python's bytecode must not.
    expect(entriesUnder(temp).filter((entry) => /__pycache__|\.py[co]$|leakgate-bytecode/.test(entry))).toEqual([]);
  });

  it('(control) an ordinary import of the harness in that environment would have written one', () => {
    // Without this, the test above could pass because Python writes no bytecode here at all.
    const control = join(folder, 'control');
    mkdirSync(control);
    for (const name of readdirSync(harness)) if (name.endsWith('.py')) writeFileSync(join(control, name), readFileSync(join(harness, name)));
    const imported = spawnSync('python3', ['-c', 'import sys; sys.path.insert(0, sys.argv[1]); sys.argv = sys.argv[1:]; import leakgate_run', control, join(temp, 'missing-settings.json')], { env: bare });
    expect(imported.status).toBe(11); // the harness's usage error: it ran, without settings
    expect(entriesUnder(control)).toContain('__pycache__');
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
  writeFileSync(join(folder, 'big_leaky.py'), `${common}

def cycle():
    n = len(_registry)
    _registry[n] = Session(n)
`);
  writeFileSync(join(folder, 'big_clean.py'), `${common}

def cycle():
    session = Session(len(_heap))
    _registry["current"] = session
`);

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

describe('library functions are named from indentation as exactly as a parse names them', () => {
  it.each(['json/decoder.py', 'http/server.py', 'inspect.py', 'asyncio/base_events.py'])('%s: every statement line', (file) => {
    const script = `
import os, sys, sysconfig
sys.path.insert(0, ${JSON.stringify(HARNESS)})
import leakgate_probe as probe
path = os.path.join(sysconfig.get_paths()["stdlib"], ${JSON.stringify(file)})
spans = probe._function_spans(path)
lines = open(path, encoding="utf-8").read().splitlines()
checked = wrong = 0
for number, text in enumerate(lines, 1):
    stripped = text.strip()
    if not stripped or stripped.startswith(("#", "@", "def ", "class ", "async def ")):
        continue
    best, best_size = "<module>", None
    for start, end, name in spans:
        if start <= number <= end and (best_size is None or end - start < best_size):
            best, best_size = name, end - start
    checked += 1
    wrong += probe._function_by_indentation(path, number) != best
print(checked, wrong)
`;
    const [checked, wrong] = execFileSync('python3', ['-c', script], { encoding: 'utf8', env: childEnv() }).trim().split(' ').map(Number);
    expect(checked).toBeGreaterThan(200);
    expect(wrong).toBe(0);
  });
});

describe('the traced window is as short as the evidence allows', () => {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-window-'));
  writeFileSync(join(folder, 'steady.py'), `
_kept = []


def cycle():
    _kept.append(bytearray(4096))
`);
  writeFileSync(join(folder, 'stack.py'), `
import json
import os
import traceback

_kept = []


def cycle():
    _kept.append(bytearray(4096))
    with open(os.path.join(os.path.dirname(__file__), "stack.json"), "w") as out:
        json.dump([[os.path.basename(f.filename), f.name] for f in traceback.extract_stack()[:-1]], out)
`);
  writeFileSync(join(folder, 'raises_traced.py'), `
_kept = []
_count = [0]


def cycle():
    _count[0] += 1
    _kept.append(bytearray(4096))
    if _count[0] == 123:
        raise RuntimeError("broke in the traced window")
`);

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

  it('cycles run on a shallow stack: only small harness frames lie below them', async () => {
    await leakgate(['run', 'stack.py', '--cwd', folder]);
    const stack = JSON.parse(readFileSync(join(folder, 'stack.json'), 'utf8')) as [string, string][];
    const harnessFrames = stack.filter(([file]) => file.startsWith('leakgate_'));
    expect(harnessFrames).toEqual([['leakgate_run.py', '<module>'], ['leakgate_probe.py', 'main'], ['leakgate_probe.py', 'run'], ['leakgate_probe.py', 'drive'], ['leakgate_probe.py', 'loop']]);
  });

  it('a cycle that raises in the traced window is reported with its cycle, and what was measured is kept', async () => {
    const result = await leakgate(['run', 'raises_traced.py', '--cwd', folder]);
    const scenario = result.report!.scenarios[0];
    expect(result.exitCode).toBe(2);
    expect(scenario.error?.message).toContain('cycle 123 (trace) raised');
    expect(scenario.series.cycles.cycle.length).toBeGreaterThanOrEqual(120);
  });
});

describe('the harness sizes its batches and its window with pure functions', () => {
  /** Call a pure function of the harness with JSON arguments, in a real python3. */
  const call = (name: string, args: unknown[]): unknown =>
    JSON.parse(execFileSync('python3', ['-c', `import json, sys; sys.path.insert(0, ${JSON.stringify(HARNESS)}); import leakgate_probe as p; print(json.dumps(p.${name}(*json.loads(sys.argv[1]))))`, JSON.stringify(args)], { encoding: 'utf8', env: childEnv() }));

  it.each([
    { what: 'a steady rate is known', cycles: [120, 121, 122, 123, 124], totals: [0, 100, 200, 300, 400], settled: true },
    { what: "the first traced cycle's one-time allocations do not count", cycles: [120, 121, 122, 123, 124], totals: [0, 900, 1000, 1100, 1200], settled: true },
    { what: 'a rate that jumps about is not known yet', cycles: [120, 121, 122, 123, 124], totals: [0, 100, 300, 350, 600], settled: false },
    { what: 'the same jumps over more snapshots, averaged over 4 cycles each, are', cycles: [120, 121, 125, 129, 133, 137, 141, 145], totals: [0, 100, 900, 1750, 2500, 3350, 4100, 4900], settled: true },
    { what: 'no growth has no rate to pin down', cycles: [120, 121, 122, 123, 124], totals: [0, 0, 0, 0, 0], settled: true },
    { what: 'four snapshots are too few to judge', cycles: [120, 121, 122, 123], totals: [0, 100, 200, 300], settled: false },
  ])('rate: $what', ({ cycles, totals, settled }) => {
    expect(call('_rate_settled', [cycles, totals])).toBe(settled);
  });

  it.each([
    { what: 'cheap checkpoints: as many as the budget pays for, 25 at most', args: [100, 1, 0.0001, 0.03], cycles: 4 },
    { what: 'dear checkpoints: 8 at least', args: [100, 1, 0.004, 0.03], cycles: 13 },
    { what: 'over budget half-way: just the batches still owed to reach 8', args: [50, 5, 0.01, -0.01], cycles: 13 },
    { what: 'never a batch of no cycles', args: [3, 20, 0.0001, 1], cycles: 1 },
  ])('batches: $what', ({ args, cycles }) => {
    expect(call('batch_cycles', args)).toBe(cycles);
  });
});
