/**
 * The leak decision on synthetic runs with known growth and seeded noise: what is a leak,
 * which kind, and what is not (caches that fill, noise, one-off steps).
 */
import {
  analyseGrowth,
  descriptorWindowCycles,
  growingSites,
  isLeaking,
  planTrace,
  rateMargin,
  windowRateMargin,
  withConstructedTypes,
} from '../src/analyse/growth.js';
import { trend } from '../src/analyse/stats.js';
import type { SiteReport } from '../src/analyse/types.js';
import { HARNESS_POLICY } from '../src/harness/policy.js';
import { bytesWords, perCycleWords } from '../src/report/format.js';
import { leakReasonWords } from '../src/report/words.js';
import { fillsThenFlat, linear, type SyntheticShape, staircase, syntheticRun, tracedWindow } from './helpers/synthetic.js';

describe('analyseGrowth decides whether and what leaks', () => {
  it.each([
    { what: 'a flat run with no noise is not a leak', shape: {}, kind: null },
    { what: 'flat blocks with seeded noise (sd 20 blocks) are not a leak', shape: { blocks: () => 50_000, noise: { seed: 7, blocks: 20 } }, kind: null },
    { what: 'flat RSS with seeded noise (sd 200 KiB) is not a leak', shape: { rssBytes: () => 30e6, noise: { seed: 3, rssBytes: 200 * 1024 } }, kind: null },
    {
      what: 'a cache that fills after warm-up and then stays flat is not a leak',
      shape: { blocks: fillsThenFlat(50_000, 10, 60), types: { 'app.Entry': fillsThenFlat(0, 1, 60) } },
      kind: null,
    },
    { what: 'blocks growing 2 per cycle are a python leak', shape: { blocks: linear(50_000, 2) }, kind: 'python' },
    {
      what: 'blocks growing 2 per cycle amid noise (sd 10) are a python leak',
      shape: { blocks: linear(50_000, 2), noise: { seed: 11, blocks: 10 } },
      kind: 'python',
    },
    { what: 'one object every 5 cycles is a python leak', shape: { types: { 'app.Job': staircase(0, 5) } }, kind: 'python' },
    {
      what: 'RSS growing 256 KiB per cycle with flat Python memory is a native leak',
      shape: { rssBytes: linear(20e6, 256 * 1024), heapBytes: linear(3e6, 256 * 1024) },
      kind: 'native',
    },
    {
      what: 'heap growth explained by traced Python memory is a python leak',
      shape: { heapBytes: linear(3e6, 8192), window: tracedWindow(8192) },
      kind: 'python',
    },
    {
      what: 'heap growth that traced memory does not explain is native',
      shape: { heapBytes: linear(3e6, 64 * 1024), window: tracedWindow(300) },
      kind: 'native',
    },
    { what: 'one descriptor per cycle is a descriptor leak', shape: { fds: linear(9, 1) }, kind: 'fd' },
    { what: 'one descriptor every 10 cycles is a descriptor leak', shape: { fds: staircase(9, 10) }, kind: 'fd' },
    { what: 'RSS growing 2 KiB per cycle is below the native minimum', shape: { rssBytes: linear(20e6, 2048) }, kind: null },
  ])('$what', ({ shape, kind }) => {
    const analysis = analyseGrowth(syntheticRun(shape as SyntheticShape));
    expect(analysis.kind).toBe(kind);
    expect(analysis.reasons.length > 0).toBe(kind !== null);
  });

  it('reports growing types in whole objects per cycle, largest first', () => {
    const analysis = analyseGrowth(syntheticRun({ types: { 'app.Session': linear(10, 1), 'app.Job': staircase(0, 5), 'app.Config': () => 3 } }));
    expect(analysis.types.map((t) => t.type)).toEqual(['app.Session', 'app.Job']);
    expect(analysis.types[0].perCycle).toBeCloseTo(1, 5);
    expect(analysis.types[1].perCycle).toBeCloseTo(0.2, 1);
    expect(analysis.reasons.map(leakReasonWords)).toContain('app.Session objects grow by 1 object per cycle');
    expect(analysis.reasons.map(leakReasonWords)).toContain('app.Job objects grow by 1 object every 5 cycles');
  });

  it('measures growth per cycle as the Theil–Sen slope', () => {
    const analysis = analyseGrowth(syntheticRun({ blocks: linear(50_000, 3), rssBytes: linear(20e6, 512 * 1024), fds: linear(9, 1) }));
    expect(analysis.growth.blocksPerCycle).toBeCloseTo(3, 5);
    expect(analysis.growth.rssBytesPerCycle).toBeCloseTo(512 * 1024, 0);
    expect(analysis.growth.fdsPerCycle).toBeCloseTo(1, 5);
    expect(analysis.growth.tracedBytesPerCycle).toBeNull();
  });
});

describe('growingSites attributes growth to the first frame in user code', () => {
  const lib = { file: '/usr/lib/python3.11/json/decoder.py', line: 353, userCode: false, bytesPerCycle: 100 };
  it.each([
    {
      what: 'an allocation inside a library is attributed to the user line that called it',
      sites: [
        [
          { ...lib, bytesPerCycle: 8000 },
          { file: 'app/middleware.py', line: 42, userCode: true, bytesPerCycle: 8000 },
        ],
      ],
      expected: ['app/middleware.py:42'],
    },
    {
      what: 'two call paths through the same user line are summed into one site',
      sites: [
        [
          { ...lib, bytesPerCycle: 3000 },
          { file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 3000 },
        ],
        [{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 5000 }],
      ],
      expected: ['app/cache.py:14'],
    },
    {
      what: 'sites are ordered by bytes per cycle',
      sites: [[{ file: 'app/a.py', line: 1, userCode: true, bytesPerCycle: 100 }], [{ file: 'app/b.py', line: 2, userCode: true, bytesPerCycle: 900 }]],
      expected: ['app/b.py:2', 'app/a.py:1'],
    },
    {
      what: 'with no user frame within the depth, the innermost frame is named',
      sites: [[{ ...lib, bytesPerCycle: 700 }]],
      expected: ['/usr/lib/python3.11/json/decoder.py:353'],
    },
  ])('$what', ({ sites, expected }) => {
    const result = growingSites(tracedWindow(0, sites));
    expect(result.map((s) => `${s.file}:${s.line}`)).toEqual(expected);
  });

  it('sums bytes per cycle across call paths of one user line', () => {
    const result = growingSites(
      tracedWindow(0, [
        [{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 3000 }],
        [{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 5000 }],
      ]),
    );
    expect(result[0].bytesPerCycle).toBeCloseTo(8000, 0);
  });

  it('a site that grew early in the window and then stopped is not listed', () => {
    const window = tracedWindow(0, [[{ file: 'app/warm.py', line: 3, userCode: true, bytesPerCycle: 100 }]]);
    window.sites[0].bytes = [0, 500, 900, 900, 900, 900, 900, 900];
    window.sites[0].counts = [0, 5, 9, 9, 9, 9, 9, 9];
    expect(growingSites(window)).toEqual([]);
  });
});

describe('planTrace runs the traced window only when the untraced phase shows growth', () => {
  it.each([
    { what: 'a flat run is not traced', shape: {}, trace: false },
    { what: 'growing blocks are traced', shape: { blocks: linear(50_000, 1) }, trace: true },
    { what: 'growing heap bytes are traced', shape: { heapBytes: linear(3e6, 4096) }, trace: true },
    { what: 'a growing type is traced', shape: { types: { 'app.Job': staircase(0, 5) } }, trace: true },
    { what: 'a cache that fills then stays flat is not traced', shape: { blocks: fillsThenFlat(50_000, 10, 50) }, trace: false },
  ])('$what', ({ shape, trace }) => {
    const run = syntheticRun(shape as SyntheticShape);
    const plan = planTrace({ settings: run.settings, samples: run.samples, checkpoints: run.checkpoints, warmupSeconds: 0.02, measuredSeconds: 0.1 });
    expect(plan.trace).toBe(trace);
    // The window may stop early only on the evidence of growing Python objects, not on the heap alone.
    expect(plan.endEarly).toBe(trace && !('heapBytes' in shape));
    expect(plan.cycles).toBeGreaterThanOrEqual(10);
    expect(plan.budgetSeconds).toBeGreaterThan(0);
    expect(plan.descriptors).toBe(false);
  });

  it('open descriptors alone that grow get a short window that looks for their owners', () => {
    const run = syntheticRun({ fds: linear(9, 1) });
    const plan = planTrace({ settings: run.settings, samples: run.samples, checkpoints: run.checkpoints, warmupSeconds: 0.02, measuredSeconds: 0.1 });
    expect(plan).toMatchObject({ trace: true, descriptors: true, endEarly: false, cycles: 2 });
  });

  it.each([
    { fdsPerCycle: 2, cycles: 2 },
    { fdsPerCycle: 1, cycles: 2 },
    { fdsPerCycle: 0.5, cycles: 4 },
    { fdsPerCycle: 0.2, cycles: HARNESS_POLICY.minTracedCycles },
  ])('a window for descriptors alone sees about two of them opened: $fdsPerCycle per cycle, $cycles cycles', ({ fdsPerCycle, cycles }) => {
    expect(descriptorWindowCycles(fdsPerCycle)).toBe(cycles);
  });

  it('descriptors that grow with objects keep the full window, and look for their owners too', () => {
    const run = syntheticRun({ fds: linear(9, 1), types: { 'http.client.HTTPConnection': staircase(0, 5) } });
    const plan = planTrace({ settings: run.settings, samples: run.samples, checkpoints: run.checkpoints, warmupSeconds: 0.02, measuredSeconds: 0.1 });
    expect(plan).toMatchObject({ trace: true, descriptors: true, endEarly: true });
    expect(plan.cycles).toBeGreaterThanOrEqual(10);
  });
});

describe("rateMargin says how well a traced rate is known (95%, Student's t)", () => {
  it.each([
    { what: 'a steady leak is known exactly', cycles: [120, 121, 122, 123, 124], values: [0, 100, 200, 300, 400], expected: 0 },
    { what: "the first traced cycle's one-time allocations are left out", cycles: [120, 121, 122, 123, 124], values: [0, 900, 1000, 1100, 1200], expected: 0 },
    // Rates 200, 50, 250 per cycle: standard deviation 104, over the square root of 3, times t(2 df) = 4.303.
    { what: 'a rate that jumps about has a wide margin', cycles: [120, 121, 122, 123, 124], values: [0, 100, 300, 350, 600], expected: 258.6 },
    { what: 'snapshots 4 cycles apart count per cycle', cycles: [120, 121, 125, 129, 133], values: [0, 100, 900, 1100, 2100], expected: 258.6 },
    // The same jumps, twice over: 6 rates, t(5 df) = 2.571, standard deviation 93.5 over the square root of 6.
    { what: 'more intervals narrow it', cycles: [120, 121, 122, 123, 124, 125, 126, 127], values: [0, 100, 300, 350, 600, 800, 850, 1100], expected: 98.1 },
    { what: 'too few intervals give none', cycles: [120, 121, 122, 123], values: [0, 100, 200, 300], expected: null },
  ])('$what', ({ cycles, values, expected }) => {
    const error = rateMargin(cycles, values);
    if (expected === null) expect(error).toBeNull();
    else expect(error).toBeCloseTo(expected, 0);
  });
});

describe('isLeaking', () => {
  const xs = Array.from({ length: 20 }, (_, i) => i * 5);
  it.each([
    { what: 'steady growth above the minimum leaks', ys: xs.map((x) => 100 + x), minimum: 0.5, leaking: true },
    { what: 'steady growth below the minimum does not', ys: xs.map((x) => 100 + 0.1 * x), minimum: 0.5, leaking: false },
    { what: 'growth that stopped halfway does not', ys: xs.map((x) => 100 + Math.min(x, 45)), minimum: 0.1, leaking: false },
    { what: 'a decreasing series does not', ys: xs.map((x) => 1000 - x), minimum: 0, leaking: false },
  ])('$what', ({ ys, minimum, leaking }) => {
    expect(isLeaking(trend(xs, ys), minimum, 0.01)).toBe(leaking);
  });
});

describe('numbers in words', () => {
  it.each([
    { perCycle: 1, expected: '1 Session per cycle' },
    { perCycle: 2.5, expected: '2.5 Sessions per cycle' },
    { perCycle: 0.2, expected: '1 Session every 5 cycles' },
    { perCycle: 0.333, expected: '1 Session every 3 cycles' },
  ])('$perCycle Sessions per cycle reads "$expected"', ({ perCycle, expected }) => {
    expect(perCycleWords(perCycle, 'Session')).toBe(expected);
  });
  it.each([
    { bytes: 512, expected: '512 B' },
    { bytes: 10_547, expected: '10.3 KiB' },
    { bytes: 1_258_291, expected: '1.20 MiB' },
  ])('$bytes bytes read "$expected"', ({ bytes, expected }) => {
    expect(bytesWords(bytes)).toBe(expected);
  });
});

describe("windowRateMargin: how well a site's (last − first) / span rate is known", () => {
  it('a site that grows the same every cycle has no margin', () => {
    const cycles = [120, 121, 125, 129, 133];
    expect(
      windowRateMargin(
        cycles,
        cycles.map((c) => 100 * (c - 120)),
        100,
      ),
    ).toBe(0);
  });

  it('a site whose first traced cycle freed 3 blocks has a margin as large as the bias that gives its rate', () => {
    // Seen on the asyncio example: +1 block per cycle after the first, -3 in the first: 9/13 per cycle
    // over a 13-cycle window, 1/4 over a 4-cycle one. The rate depends on the window; the margin says so.
    const cycles = [120, 121, 125, 129, 133];
    const counts = [0, -3, 1, 5, 9];
    const rate = 9 / 13;
    expect(windowRateMargin(cycles, counts, rate)).toBeCloseTo(1 - rate, 6);
  });

  it('too few snapshots give no margin (unknown, not exact)', () => {
    expect(windowRateMargin([120, 121, 122, 123], [0, 1, 2, 3], 1)).toBeNull();
  });
});

describe('withConstructedTypes: a user site with no sample names the growing type its line constructs', () => {
  const site = (code: string, extra: Partial<SiteReport> = {}): SiteReport => ({
    file: 'app/jobs.py',
    line: 22,
    function: 'job',
    code,
    userCode: true,
    stackComplete: true,
    bytesPerCycle: 352,
    countPerCycle: 8,
    retainedBy: 'no path found within limits',
    retainedByRoot: null,
    frames: [],
    ...extra,
  });
  const held = { retainedBy: 'app.jobs._log (list) → [3] → app.jobs.Record', retainedByRoot: { label: 'app.jobs._log', module: 'app.jobs', userCode: true } };
  it.each([
    { what: 'a constructor call names the type and takes its holder', code: 'record = Record(n)', expected: 'app.jobs.Record', holder: held.retainedBy },
    { what: 'a qualified constructor call too', code: 'log.append(models.Record (n))', expected: 'app.jobs.Record', holder: held.retainedBy },
    { what: 'a name that only ends like the type does not', code: 'r = BigRecord(n)', expected: undefined, holder: 'no path found within limits' },
    { what: 'a line that does not call it does not', code: 'records.append(n)', expected: undefined, holder: 'no path found within limits' },
  ])('$what', ({ code, expected, holder }) => {
    const [out] = withConstructedTypes([site(code)], ['app.jobs.Record', 'str'], (type) => (type === 'app.jobs.Record' ? held : null));
    expect(out.objectType ?? undefined).toBe(expected);
    expect(out.retainedBy).toBe(holder);
  });

  it('a site with a sample keeps its own type, and a library site is left alone', () => {
    const [own] = withConstructedTypes([site('record = Record(n)', { objectType: 'bytes', objectTracked: false })], ['app.jobs.Record']);
    expect(own.objectType).toBe('bytes');
    const [library] = withConstructedTypes([site('record = Record(n)', { userCode: false })], ['app.jobs.Record']);
    expect(library.objectType ?? null).toBeNull();
  });
});
