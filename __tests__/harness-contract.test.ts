/**
 * The contract between the TypeScript side and the Python harness, checked on the real harness
 * (dist/python, real python3 processes): the records it writes (their kinds and fields, each
 * accepted by records.ts), each exit code failures.ts maps, and the rate rule both sides apply
 * to the traced window (growth.ts rateStandardError, leakgate_harness/rates.py).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rateStandardError } from '../src/analyse/growth.js';
import { HARNESS_EXIT } from '../src/harness/failures.js';
import { HARNESS_POLICY, harnessPolicy } from '../src/harness/policy.js';
import { parseRecordLine, parseSamples } from '../src/harness/records.js';
import { ROOT } from './helpers/cli.js';

const HARNESS = join(ROOT, 'src', 'harness', 'python');
const ENTRY = join(HARNESS, 'leakgate_run.py');

interface Harnessed {
  folder: string;
  status: number | null;
  stderr: string;
  records: Record<string, unknown>[];
}

/**
 * Run the harness on `scenario` with `answer` on its control channel (null: closed unanswered; a
 * list: one answer a line, for the question after the measured phase and the one after the extension).
 */
function runHarness(scenario: string, answer: object | object[] | null, change: (settings: Record<string, unknown>) => void = () => {}): Harnessed {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-contract-'));
  writeFileSync(join(folder, 'scenario.py'), scenario);
  const settings: Record<string, unknown> = {
    target: 'scenario.py',
    cwd: folder,
    cycles: 20,
    warmup: 5,
    frames: 10,
    confirmCycles: 0,
    recordsPath: join(folder, 'records.ndjson'),
    samplesPath: join(folder, 'samples.f64'),
    stacksPath: join(folder, 'stacks.txt'),
    policy: harnessPolicy(20),
    collect: null,
  };
  change(settings);
  writeFileSync(join(folder, 'settings.json'), JSON.stringify(settings));
  const run = spawnSync('python3', [ENTRY, join(folder, 'settings.json')], {
    cwd: folder,
    input: answer === null ? '' : (Array.isArray(answer) ? answer : [answer]).map((a) => `${JSON.stringify(a)}\n`).join(''),
    encoding: 'utf8',
    env: { PATH: process.env.PATH!, HOME: process.env.HOME!, PYTHONDONTWRITEBYTECODE: '1' },
    timeout: 60_000,
  });
  let text = '';
  try {
    text = readFileSync(join(folder, 'records.ndjson'), 'utf8');
  } catch {
    text = '';
  }
  const records = text
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { folder, status: run.status, stderr: run.stderr, records };
}

const LEAKY = `
_kept = []


def setup():
    pass


def cycle():
    _kept.append(bytearray(2048))
`;
const TRACE = {
  trace: true,
  cycles: 10,
  budgetSeconds: 2,
  checkpoints: HARNESS_POLICY.tracedCheckpoints,
  types: ['bytearray'],
  retentionSeconds: 0.5,
  endEarly: false,
  nativeCycles: 0,
  nativeSeconds: 0,
  descriptors: false,
};

// Every field of every record kind, as the harness writes them (records.ts reads a subset).
const FIELDS: Record<string, string[]> = {
  hello: ['t', 'python', 'implementation', 'platform', 'notes'],
  loaded: ['t'],
  phase: ['t', 'name', 'cycle'],
  'phase measure': ['t', 'name', 'cycle', 'checkpointEvery', 'sampleEvery', 'frozenObjects'],
  'phase trace': ['t', 'name', 'cycle', 'frames'],
  'phase confirm': ['t', 'name', 'cycle', 'cycles', 'sampleEvery'],
  checkpoint: ['t', 'blocks', 'rssBytes', 'fds', 'heapBytes', 'types', 'phase', 'cycle', 'seconds'],
  'checkpoint with fdTargets': ['t', 'blocks', 'rssBytes', 'fds', 'heapBytes', 'types', 'fdTargets', 'phase', 'cycle', 'seconds'],
  await: ['t', 'measuredSeconds', 'warmupSeconds'],
  'await after the extension': ['t', 'measuredSeconds', 'warmupSeconds', 'confirmCycles', 'confirmSeconds'],
  trace: [
    't',
    'frames',
    'cycles',
    'checkpointCycles',
    'tracedBytes',
    'sites',
    'typeRetention',
    'typeRetainedByRoot',
    'typeFrames',
    'typePathTypes',
    'typeReferents',
    'retentionSeconds',
    'seconds',
  ],
  error: ['t', 'kind', 'message', 'exception', 'traceback', 'cycle'],
  done: ['t'],
  'phase profile': ['t', 'name', 'cycle', 'cycles'],
  native: ['t', 'cycles', 'method', 'heapMeasured', 'sites', 'droppedCalls', 'calls', 'seconds'],
};

/** A record's kind for FIELDS: its "t", with the variants of phase and checkpoint told apart. */
function kindOf(record: Record<string, unknown>): string {
  if (record.t === 'phase' && ['measure', 'trace', 'confirm', 'profile'].includes(record.name as string)) return `phase ${record.name as string}`;
  if (record.t === 'await' && 'confirmCycles' in record) return 'await after the extension';
  if (record.t === 'checkpoint' && 'fdTargets' in record) return 'checkpoint with fdTargets';
  return record.t as string;
}

describe('the records a run writes (answered with a trace plan at once, as with confirm-cycles 0)', () => {
  const run = runHarness(LEAKY, TRACE);

  it('come in the documented order, and the run exits 0', () => {
    expect(run.status).toBe(HARNESS_EXIT.ok);
    const order = run.records.filter((r) => r.t !== 'progress' && r.t !== 'checkpoint').map(kindOf);
    expect(order).toEqual(['hello', 'phase', 'loaded', 'phase', 'phase', 'phase measure', 'await', 'phase trace', 'trace', 'done']);
    expect(run.records.filter((r) => r.t === 'phase').map((r) => r.name)).toEqual(['import', 'setup', 'warmup', 'measure', 'trace']);
  });

  it('each has exactly its fields, and records.ts accepts each', () => {
    for (const [number, record] of run.records.entries()) {
      expect([kindOf(record), Object.keys(record).sort()]).toEqual([kindOf(record), [...(FIELDS[kindOf(record)] ?? ['t', 'cycle', 'phase'])].sort()]);
      expect(parseRecordLine(JSON.stringify(record), number + 1).kind).toBe('record');
    }
  });

  it('the traced window reports its sites: frames named, series as long as its snapshots', () => {
    const trace = run.records.find((r) => r.t === 'trace') as {
      checkpointCycles: number[];
      tracedBytes: number[];
      sites: {
        frames: Record<string, unknown>[];
        complete: boolean;
        bytes: number[];
        counts: number[];
        retainedBy?: string;
        retainedByRoot?: unknown;
        objectType?: string | null;
        objectTracked?: boolean | null;
      }[];
      typeRetainedByRoot: Record<string, unknown>;
      typeFrames: Record<string, unknown[]>;
    };
    expect(trace.sites.length).toBeGreaterThan(0);
    expect(trace.sites.length).toBeLessThanOrEqual(HARNESS_POLICY.maxStacks);
    const [top] = trace.sites;
    expect(Object.keys(top).sort()).toEqual([
      'bytes',
      'complete',
      'counts',
      'frames',
      'objectBytes',
      'objectTracked',
      'objectType',
      'retainedBy',
      'retainedByRoot',
    ]);
    expect(top.bytes.length).toBe(trace.checkpointCycles.length);
    expect(top.frames[0]).toEqual({ file: 'scenario.py', line: 10, function: 'cycle', code: '_kept.append(bytearray(2048))', userCode: true });
    expect(top.retainedBy).toMatch(/^scenario\._kept \(list\) → \[\d+\] → bytearray$/);
    // The path's root as data: a module global of the scenario, the user's code.
    // With the user line that inserts into it (issue 15), here the allocation's own line.
    expect(top.retainedByRoot).toEqual({
      label: 'scenario._kept',
      module: 'scenario',
      userCode: true,
      insertedAt: { file: 'scenario.py', line: 10, function: 'cycle', code: '_kept.append(bytearray(2048))', userCode: true },
    });
    // What the site leaks: bytearrays, which the GC does not track.
    expect([top.objectType, top.objectTracked]).toEqual(['bytearray', false]);
    // A bytearray is not tracked by the GC: no sample of the type, so no root and no allocation frames.
    expect(trace.typeRetainedByRoot).toEqual({ bytearray: null });
    expect(trace.typeFrames).toEqual({ bytearray: [] });
  });
});

describe('the profiled cycles of a native lead (issue 15): asked for by the trace plan, before the window', () => {
  const NATIVE = `import zlib

PAYLOAD = zlib.compress(b"x" * 10000)


def cycle():
    zlib.decompress(PAYLOAD)
`;
  const run = runHarness(NATIVE, { ...TRACE, types: [], nativeCycles: 3, nativeSeconds: 30 });

  it('run nativeCycles cycles in phase profile, then write the native record with its fields', () => {
    expect(run.status).toBe(HARNESS_EXIT.ok);
    const order = run.records.filter((r) => r.t !== 'progress' && r.t !== 'checkpoint').map(kindOf);
    expect(order.slice(-5)).toEqual(['phase profile', 'native', 'phase trace', 'trace', 'done']);
    for (const [number, record] of run.records.entries()) {
      expect([kindOf(record), Object.keys(record).sort()]).toEqual([kindOf(record), [...(FIELDS[kindOf(record)] ?? ['t', 'cycle', 'phase'])].sort()]);
      expect(parseRecordLine(JSON.stringify(record), number + 1).kind).toBe('record');
    }
    const native = run.records.find((r) => r.t === 'native') as { cycles: number; calls: Record<string, unknown>[] };
    expect(native.cycles).toBe(3);
    expect(native.calls[0]).toMatchObject({ callee: 'zlib.decompress', module: 'zlib', file: 'scenario.py', line: 7, function: 'cycle', calls: 3 });
  });
});

describe('the extension that confirms growth (issue 14): asked for by the first answer, then a second question', () => {
  const EXTEND = { extend: true, cycles: 20, budgetSeconds: 60 };
  const run = runHarness(LEAKY, [EXTEND, TRACE], (s) => (s.confirmCycles = 20));

  it('runs its cycles in confirmCheckpoints batches, each with a checkpoint, then asks again and runs the trace plan', () => {
    expect(run.status).toBe(HARNESS_EXIT.ok);
    const order = run.records.filter((r) => r.t !== 'progress' && r.t !== 'checkpoint').map(kindOf);
    expect(order).toEqual([
      'hello',
      'phase',
      'loaded',
      'phase',
      'phase',
      'phase measure',
      'await',
      'phase confirm',
      'await after the extension',
      'phase trace',
      'trace',
      'done',
    ]);
    const confirm = run.records.filter((r) => r.t === 'checkpoint' && r.phase === 'confirm');
    expect(confirm.map((r) => r.cycle)).toEqual([29, 33, 37, 41, 45]);
    expect(confirm).toHaveLength(HARNESS_POLICY.confirmCheckpoints);
    expect(run.records.find((r) => r.t === 'await' && 'confirmCycles' in r)).toMatchObject({ confirmCycles: 20, confirmSeconds: expect.any(Number) });
    // The traced window starts where the extension ended (its first snapshot is before its first cycle).
    expect((run.records.find((r) => r.t === 'trace') as { checkpointCycles: number[] }).checkpointCycles[0]).toBe(45);
  });

  it('each record has exactly its fields, and records.ts accepts each', () => {
    for (const [number, record] of run.records.entries()) {
      expect([kindOf(record), Object.keys(record).sort()]).toEqual([kindOf(record), [...(FIELDS[kindOf(record)] ?? ['t', 'cycle', 'phase'])].sort()]);
      expect(parseRecordLine(JSON.stringify(record), number + 1).kind).toBe('record');
    }
  });

  it("the samples file has a row for every cycle, the extension's included, with their phase", () => {
    const samples = parseSamples(readFileSync(join(run.folder, 'samples.f64')));
    expect(samples.filter((s) => s.phase === 'confirm').map((s) => s.cycle)).toEqual(Array.from({ length: 20 }, (_, i) => 26 + i));
    expect(samples.filter((s) => s.phase === 'trace').length).toBeGreaterThan(0);
  });

  it('stops at the first batch boundary once its time budget is spent, and says how many cycles it ran', () => {
    const cut = runHarness(LEAKY, [{ ...EXTEND, budgetSeconds: 0 }, { trace: false }], (s) => (s.confirmCycles = 20));
    expect(cut.status).toBe(HARNESS_EXIT.ok);
    expect(cut.records.filter((r) => r.t === 'checkpoint' && r.phase === 'confirm').map((r) => r.cycle)).toEqual([29]);
    expect(cut.records.find((r) => r.t === 'await' && 'confirmCycles' in r)).toMatchObject({ confirmCycles: 4 });
  });

  it('runs no more cycles than the settings sized the samples file for', () => {
    const capped = runHarness(LEAKY, [{ ...EXTEND, cycles: 1000 }, { trace: false }], (s) => (s.confirmCycles = 10));
    expect(capped.records.find((r) => r.t === 'await' && 'confirmCycles' in r)).toMatchObject({ confirmCycles: 10 });
  });

  it('11: a second extension is refused', () => {
    const twice = runHarness(LEAKY, [EXTEND, EXTEND], (s) => (s.confirmCycles = 20));
    expect(twice.status).toBe(HARNESS_EXIT.badInvocation);
    expect(twice.stderr).toContain('asks for a second extension');
  });
});

describe('each exit code means one thing, and failures.ts maps it', () => {
  it('10: the scenario failed, and an error record says how', () => {
    const run = runHarness('raise RuntimeError("no import for you")\n', null);
    expect(run.status).toBe(HARNESS_EXIT.scenarioFailed);
    const error = run.records.find((r) => r.t === 'error')!;
    expect(error).toMatchObject({ kind: 'import-raised', exception: 'RuntimeError', cycle: null });
    expect(Object.keys(error).sort()).toEqual([...FIELDS.error].sort());
  });

  it.each([
    {
      what: 'a policy number is missing',
      change: (s: Record<string, unknown>) => delete (s.policy as Record<string, unknown>).maxStacks,
      says: "'policy.maxStacks' is missing",
    },
    { what: "the extension's length is missing", change: (s: Record<string, unknown>) => delete s.confirmCycles, says: "'confirmCycles' is missing" },
    { what: 'the policy is missing', change: (s: Record<string, unknown>) => delete s.policy, says: "'policy' is missing" },
    { what: 'a setting has the wrong type', change: (s: Record<string, unknown>) => (s.cycles = 'ten'), says: "'cycles' is 'ten', not a int" },
  ])('11: the settings are unusable ($what): no fallback, the setting named', ({ change, says }) => {
    const run = runHarness(LEAKY, null, change);
    expect(run.status).toBe(HARNESS_EXIT.badInvocation);
    expect(run.stderr).toContain(says);
    expect(run.records).toEqual([]);
  });

  it('11: an answer on the control channel that lacks what a traced window needs', () => {
    const { checkpoints: _checkpoints, ...lacking } = TRACE;
    const run = runHarness(LEAKY, lacking);
    expect(run.status).toBe(HARNESS_EXIT.badInvocation);
    expect(run.stderr).toContain("'checkpoints' is missing");
  });

  it('12: the control channel closed before an answer', () => {
    const run = runHarness(LEAKY, null);
    expect(run.status).toBe(HARNESS_EXIT.channelLost);
    expect(run.stderr).toContain('the control channel closed before an answer');
    expect(run.records.at(-1)?.t).toBe('await');
  });

  it('13: a Python older than 3.9 is told so by the entry script', () => {
    // The check reads sys.version_info: an older interpreter is shown to it.
    const script = `import sys; sys.version_info = (3, 8, 18); sys.argv = [${JSON.stringify(ENTRY)}, "settings.json"]; exec(compile(open(sys.argv[0]).read(), sys.argv[0], "exec"), {"__name__": "__main__", "__file__": sys.argv[0]})`;
    const run = spawnSync('python3', ['-B', '-c', script], { encoding: 'utf8' });
    expect(run.status).toBe(HARNESS_EXIT.pythonTooOld);
    expect(run.stderr).toContain('Python 3.8.18 is too old: leakgate needs Python 3.9 or newer');
  });
});

describe('the rate rule: both sides compute the same statistic from the same policy', () => {
  /** (mean, standard error) and settled, from the harness's rates.py in a real python3. */
  const python = (cycles: number[], totals: number[]): { rate: [number, number] | null; settled: boolean } =>
    JSON.parse(
      execFileSync(
        'python3',
        [
          '-B',
          '-c',
          `import json, sys
sys.path.insert(0, ${JSON.stringify(HARNESS)})
from leakgate_harness.rates import rate_settled, rate_standard_error
from leakgate_harness.settings import parse_settings
policy = parse_settings(sys.argv[1]).policy
cycles, totals = json.loads(sys.argv[2])
print(json.dumps({"rate": rate_standard_error(cycles, totals, policy.rate_skipped_intervals, policy.rate_min_intervals), "settled": rate_settled(cycles, totals, policy)}))`,
          JSON.stringify({
            target: 'x',
            cwd: '.',
            cycles: 100,
            warmup: 20,
            frames: 10,
            confirmCycles: 100,
            recordsPath: 'r',
            samplesPath: 's',
            stacksPath: 't',
            policy: harnessPolicy(100),
            collect: null,
          }),
          JSON.stringify([cycles, totals]),
        ],
        { encoding: 'utf8' },
      ),
    ) as { rate: [number, number] | null; settled: boolean };

  it.each([
    { what: 'a steady rate is known', cycles: [120, 121, 122, 123, 124], totals: [0, 100, 200, 300, 400], settled: true },
    {
      what: "the first traced cycle's one-time allocations do not count",
      cycles: [120, 121, 122, 123, 124],
      totals: [0, 900, 1000, 1100, 1200],
      settled: true,
    },
    { what: 'a rate that jumps about is not known yet', cycles: [120, 121, 122, 123, 124], totals: [0, 100, 300, 350, 600], settled: false },
    {
      what: 'the same jumps over more snapshots, averaged over 4 cycles each, are',
      cycles: [120, 121, 125, 129, 133, 137, 141, 145],
      totals: [0, 100, 900, 1750, 2500, 3350, 4100, 4900],
      settled: true,
    },
    { what: 'no growth has no rate to pin down', cycles: [120, 121, 122, 123, 124], totals: [0, 0, 0, 0, 0], settled: true },
    { what: 'four snapshots are too few to judge', cycles: [120, 121, 122, 123], totals: [0, 100, 200, 300], settled: false },
  ])('$what', ({ cycles, totals, settled }) => {
    const typescript = rateStandardError(cycles, totals);
    const harness = python(cycles, totals);
    if (typescript === null) {
      expect(harness.rate).toBeNull();
    } else {
      expect(harness.rate![0]).toBeCloseTo(typescript.mean, 9);
      expect(harness.rate![1]).toBeCloseTo(typescript.standardError, 9);
      // The harness's rule, stated in TypeScript: settled when the standard error is a small share of the mean.
      expect(typescript.mean <= 0 || typescript.standardError <= HARNESS_POLICY.rateStandardErrorShare * typescript.mean).toBe(settled);
    }
    expect(harness.settled).toBe(settled);
  });
});
