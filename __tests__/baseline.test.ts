/**
 * Baselines as data: recording, reading back, and refusing every kind of bad file with a
 * reason that names the field. Then the comparison classes and the gate, on plain data.
 */

import type { SiteReport } from '../src/analyse/types.js';
import { BASELINE_LIMITS, BASELINE_SCHEMA, type Baseline, parseBaseline, recordBaseline } from '../src/compare/baseline.js';
import { compareRate, compareScenario, matchSites, textSimilarity } from '../src/compare/compare.js';
import { comparisonLabel, comparisonWords, signalWords } from '../src/report/comparison-words.js';
import type { ScenarioResult } from '../src/report/types.js';
import { DEFAULT_THRESHOLDS } from '../src/settings/constants.js';
import type { Tolerance } from '../src/settings/types.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const TOLERANCE: Tolerance = { relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 };

function leaky(bytesPerCycle: number, name = 'app/scenario.py'): ScenarioResult {
  const run = syntheticRun({
    heapBytes: linear(3e6, bytesPerCycle),
    types: { 'app.Session': linear(0, 1) },
    window: tracedWindow(bytesPerCycle, [[{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle }]]),
  });
  run.settings = { ...run.settings, name, target: name };
  return scenarioResult(run);
}

function clean(name = 'app/scenario.py'): ScenarioResult {
  const run = syntheticRun({});
  run.settings = { ...run.settings, name, target: name };
  return scenarioResult(run);
}

const baselineOf = (...results: ScenarioResult[]): Baseline => recordBaseline(reportOfResults(results), new Date('2026-11-21T12:00:00Z')).baseline;
const validText = JSON.stringify(baselineOf(leaky(8192)));

describe('recording and reading a baseline', () => {
  it('a recorded baseline reads back to the same document', () => {
    const baseline = baselineOf(leaky(8192), clean('app/other.py'));
    const parsed = parseBaseline(JSON.stringify(baseline));
    expect(parsed).toEqual({ ok: true, baseline });
  });

  it('holds settings, growth, sites, types, the environment and a short series, not per-cycle samples', () => {
    const baseline = baselineOf(leaky(8192));
    expect(baseline.schema).toBe(BASELINE_SCHEMA);
    expect(baseline.environment).toEqual({ python: '3.11.7', implementation: 'cpython', platform: 'linux' });
    const s = baseline.scenarios[0];
    expect(s.settings).toEqual({ cycles: 100, warmup: 20, frames: 10 });
    expect(s.leak).toEqual({ detected: true, kind: 'python' });
    expect(s.sites[0]).toMatchObject({ file: 'app/cache.py', line: 14 });
    expect(s.types[0].type).toBe('app.Session');
    expect(s.series.cycle.length).toBeLessThanOrEqual(BASELINE_LIMITS.seriesPoints);
  });

  it('a project with 20 leaking scenarios, each with the most sites and types kept, stays well under 1 MiB', () => {
    const results = Array.from({ length: 20 }, (_, i) => {
      const r = leaky(8192, `scenarios/s${i}.py`);
      const site = r.sites[0];
      r.sites = Array.from(
        { length: 30 },
        (_, j): SiteReport => ({ ...site, file: `app/module_${j}/a_rather_long_file_name.py`, code: 'x'.repeat(200), line: j }),
      );
      r.types = Array.from({ length: 30 }, (_, j) => ({
        type: `app.models.SomeLongTypeName${j}`,
        perCycle: 1,
        count: 100,
        retainedBy: null,
        retainedByRoot: null,
        frames: [],
      }));
      return r;
    });
    const bytes = Buffer.byteLength(JSON.stringify(baselineOf(...results), null, 1));
    expect(bytes).toBeLessThan(256 * 1024);
  });
});

const mutate = (edit: (b: Record<string, any>) => void): string => {
  const b = JSON.parse(validText);
  edit(b);
  return JSON.stringify(b);
};

describe('a bad baseline is refused with a reason that names the problem', () => {
  it.each([
    { what: 'an empty file', text: '', reason: 'is empty' },
    { what: 'a file of blanks', text: '  \n ', reason: 'is empty' },
    { what: 'a truncated file', text: validText.slice(0, validText.length / 2), reason: 'is truncated: the JSON ends early' },
    { what: 'a file that is not JSON', text: 'schema: leakgate\n', reason: 'is not JSON' },
    { what: 'JSON that is not an object', text: '[1, 2, 3]', reason: 'baseline must be an object, got an array' },
    { what: 'another schema version', text: mutate((b) => (b.schema = 'leakgate/baseline@2')), reason: "has 'leakgate/baseline@2', not 'leakgate/baseline@1'" },
    { what: 'no schema at all', text: mutate((b) => delete b.schema), reason: 'has no schema field' },
    {
      what: 'negative cycles',
      text: mutate((b) => (b.scenarios[0].settings.cycles = -5)),
      reason: 'baseline.scenarios[0].settings.cycles must be at least 1, got -5',
    },
    {
      what: 'a string where a number belongs',
      text: mutate((b) => (b.scenarios[0].growth.tracedBytesPerCycle = '8192')),
      reason: 'baseline.scenarios[0].growth.tracedBytesPerCycle must be a number, got the string "8192"',
    },
    {
      what: 'a million sites',
      text: mutate((b) => (b.scenarios[0].sites = new Array(1_000_000).fill(0))),
      reason: 'baseline.scenarios[0].sites has 1000000 entries, more than the 50 a baseline may hold',
    },
    {
      what: 'a million full sites, over the size cap',
      text: mutate((b) => (b.scenarios[0].sites = Array.from({ length: 1_000_000 }, () => b.scenarios[0].sites[0]))),
      reason: `bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap`,
    },
    {
      what: 'an absurd line number',
      text: mutate((b) => (b.scenarios[0].sites[0].line = 1e12)),
      reason: 'baseline.scenarios[0].sites[0].line must be at most',
    },
    { what: 'an unknown leak kind', text: mutate((b) => (b.scenarios[0].leak.kind = 'quantum')), reason: 'baseline.scenarios[0].leak.kind must be one of' },
    {
      what: 'a huge string',
      text: mutate((b) => (b.scenarios[0].name = 'x'.repeat(5000))),
      reason: 'baseline.scenarios[0].name is a string of 5000 characters',
    },
    { what: 'a repeated scenario name', text: mutate((b) => b.scenarios.push(b.scenarios[0])), reason: 'repeats the scenario name' },
    {
      what: 'a series whose columns differ in length',
      text: mutate((b) => b.scenarios[0].series.bytes.pop()),
      reason: 'baseline.scenarios[0].series.bytes has 50 points, not the 51 of series.cycle',
    },
    {
      what: 'a file over the size cap',
      text: `${validText}${' '.repeat(BASELINE_LIMITS.fileBytes)}`,
      reason: `over the ${BASELINE_LIMITS.fileBytes}-byte cap`,
    },
  ])('$what', ({ text, reason }) => {
    const parsed = parseBaseline(text);
    expect(parsed.ok).toBe(false);
    expect(parsed.ok ? '' : parsed.reason).toContain(reason);
  });

  it('strings in a baseline stay data: nothing in them is evaluated', () => {
    const text = mutate((b) => {
      b.scenarios[0].sites[0].code = '${process.exit(1)} `rm -rf /` <script>alert(1)</script>';
      b.scenarios[0].types[0].type = '__proto__';
    });
    const parsed = parseBaseline(text);
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.baseline.scenarios[0].sites[0].code).toBe('${process.exit(1)} `rm -rf /` <script>alert(1)</script>');
      expect(parsed.baseline.scenarios[0].types[0].type).toBe('__proto__');
    }
  });
});

describe("compareRate: worse beyond max(50% of the baseline, the detection threshold) plus both runs' margins", () => {
  const RULE = { unit: 'bytes' as const, relativePercent: 50, floorPerCycle: DEFAULT_THRESHOLDS.minBytesPerCycle };
  it.each([
    { what: 'the same rate is unchanged', current: 8192, baseline: 8192, expected: 'unchanged' },
    { what: 'a rate 25% up is within the 50% tolerance', current: 10_240, baseline: 8192, expected: 'unchanged' },
    { what: 'a doubled rate is worse', current: 16_384, baseline: 8192, expected: 'worse' },
    { what: 'a halved rate is improved (worse with the runs swapped)', current: 4096, baseline: 8192, expected: 'improved' },
    // The lru_cache of issue 13: 333 → 722 B per cycle passed under a flat 1 KiB tolerance.
    { what: 'a small leak that doubles is worse: the floor is the 256 B detection threshold, not 1 KiB', current: 722, baseline: 333, expected: 'worse' },
    { what: 'a leak that doubles below the detection threshold is unchanged', current: 136, baseline: 68, expected: 'unchanged' },
    // A leak of objects of random sizes, traced over a few cycles: its rate is known to ±4 KiB.
    { what: 'a noisy rate 80% up, within its margins, is unchanged', current: 14_700, baseline: 8192, margin: 4096, expected: 'unchanged' },
    { what: 'the same difference measured exactly is worse', current: 14_700, baseline: 8192, margin: 0, expected: 'worse' },
    { what: 'a noisy rate far beyond its margins is still worse', current: 24_000, baseline: 8192, margin: 4096, expected: 'worse' },
    { what: 'a noisy rate 75% down, within its margins, is unchanged', current: 2000, baseline: 8192, margin: 4000, expected: 'unchanged' },
    { what: 'the same fall measured exactly is improved', current: 2000, baseline: 8192, margin: 0, expected: 'improved' },
  ] as const)('$what', (row) => {
    const margin: number = ('margin' in row ? row.margin : undefined) ?? 0;
    expect(compareRate('tracedBytesPerCycle', { value: row.current, margin }, { value: row.baseline, margin }, RULE).class).toBe(row.expected);
  });

  it('one object per cycle more than 1 is worse; 0.04 more is below the 0.05 threshold', () => {
    const rule = { unit: 'objects' as const, relativePercent: 50, floorPerCycle: DEFAULT_THRESHOLDS.minObjectsPerCycle };
    expect(compareRate('type:app.Session', { value: 2, margin: 0 }, { value: 1, margin: 0 }, rule).class).toBe('worse');
    expect(compareRate('type:app.Session', { value: 0.08, margin: 0 }, { value: 0.04, margin: 0 }, rule).class).toBe('unchanged');
  });

  it('the words give the ratio and its margin, and say "unchanged" only when the rate did not move', () => {
    const at = (current: number, baseline: number, margin = 0) =>
      signalWords(compareRate('tracedBytesPerCycle', { value: current, margin }, { value: baseline, margin }, RULE), true);
    expect(at(8192, 8192)).toBe('traced Python memory 8.00 KiB → 8.00 KiB per cycle, 1.00× (±0.00×), unchanged');
    expect(at(10_240, 8192)).toBe('traced Python memory 8.00 KiB → 10.0 KiB per cycle, 1.25× (±0.00×), within the 50% tolerance');
    expect(at(5017, 2847, 50)).toBe(
      "traced Python memory 2.78 KiB → 4.90 KiB per cycle, 1.76× (±0.04×), worse: over the 50% tolerance and the runs' margins (±71 B)",
    );
    expect(at(722, 333)).toBe('traced Python memory 333 B → 722 B per cycle, 2.17× (±0.00×), worse: over the tolerance of 256 B per cycle');
    expect(at(9000, 8192, 2048)).toMatch(/1\.10× \(±0\.37×\), unchanged$/);
  });
});

describe('site matching survives unrelated edits', () => {
  const site = (line: number, code = 'cache[key] = payload', fn = 'render'): SiteReport => ({
    file: 'app/cache.py',
    line,
    function: fn,
    code,
    userCode: true,
    stackComplete: true,
    bytesPerCycle: 100,
    countPerCycle: 1,
    retainedBy: null,
    retainedByRoot: null,
    frames: [],
  });
  const base = (line: number, code = 'cache[key] = payload', fn = 'render') => ({
    file: 'app/cache.py',
    line,
    function: fn,
    code,
    bytesPerCycle: 100,
    countPerCycle: 1,
  });
  it.each([
    { what: 'lines inserted above the leak', current: [site(24)], baseline: [base(14)], matched: [[24, 14]] },
    {
      what: 'the same text twice in a function: the nearest line wins',
      current: [site(30), site(12)],
      baseline: [base(10), base(28)],
      matched: [
        [30, 28],
        [12, 10],
      ],
    },
    {
      what: 'an edited line (bytearray(8192) → bytearray(32768)) is the same site',
      current: [site(14, 'buffers.append(bytearray(32768))')],
      baseline: [base(14, 'buffers.append(bytearray(8192))')],
      matched: [[14, 14]],
    },
    {
      what: 'an edited line is matched to the nearest similar line of its function',
      current: [site(20, 'buffers.append(bytearray(32768))')],
      baseline: [base(12, 'buffers.append(bytearray(4096))'), base(19, 'buffers.append(bytearray(8192))')],
      matched: [[20, 19]],
    },
    {
      what: 'a different line in the same function, with other sites of it unmatched too, is not the same site',
      current: [site(14, 'sessions.append(Session(user))'), site(15, 'log.append(user)')],
      baseline: [base(14)],
      matched: [],
    },
    {
      what: 'an edited line in another function is not the same site',
      current: [site(14, 'cache[key] = payload.copy()', 'other')],
      baseline: [base(14)],
      matched: [],
    },
    { what: 'the same text in another function is not the same site', current: [site(14, undefined, 'other')], baseline: [base(14)], matched: [] },
  ])('$what', ({ current, baseline, matched }) => {
    const matches = matchSites(current, baseline);
    expect([...matches].map(([c, b]) => [c.line, b.line])).toEqual(matched);
  });

  it('text similarity is 1 for equal lines, high for an edited number, low for another statement', () => {
    expect(textSimilarity('x = 1', '  x = 1')).toBe(1);
    expect(textSimilarity('self.buffer = bytearray(8192)', 'self.buffer = bytearray(32768)')).toBeGreaterThan(0.8);
    expect(textSimilarity('self.buffer = bytearray(8192)', 'BODIES.append(request.path)')).toBeLessThan(0.4);
  });
});

describe('compareScenario classifies a scenario against its baseline entry', () => {
  const entry = (result: ScenarioResult) => baselineOf(result);
  it.each([
    { what: 'a leak where the baseline was clean is new', current: leaky(8192), baseline: clean(), expected: 'new' },
    { what: 'the same leak is unchanged', current: leaky(8192), baseline: leaky(8192), expected: 'unchanged' },
    { what: 'a leak that doubles is worse', current: leaky(16_384), baseline: leaky(8192), expected: 'worse' },
    { what: 'a leak cut to a quarter is improved', current: leaky(2048), baseline: leaky(8192), expected: 'improved' },
    { what: 'no leak where the baseline leaked is fixed', current: clean(), baseline: leaky(8192), expected: 'fixed' },
    { what: 'clean in both is clean', current: clean(), baseline: clean(), expected: 'clean' },
  ])('$what', ({ current, baseline, expected }) => {
    const b = entry(baseline);
    expect(compareScenario(current, b.scenarios[0], b, TOLERANCE).class).toBe(expected);
  });

  it('a scenario missing from the baseline has no baseline yet', () => {
    const b = entry(clean('app/other.py'));
    expect(compareScenario(leaky(8192), undefined, b, TOLERANCE).class).toBe('no-baseline');
  });

  it('a different Python minor version and different cycles still compare, with caveats', () => {
    const b = entry(leaky(8192));
    b.environment.python = '3.9.18';
    b.scenarios[0].settings.cycles = 300;
    const c = comparisonWords(compareScenario(leaky(8192), b.scenarios[0], b, TOLERANCE));
    expect(c.class).toBe('unchanged');
    expect(c.caveats.join('\n')).toContain('recorded on Python 3.9.18, this run on 3.11.7');
    expect(c.caveats.join('\n')).toContain('compared per cycle');
  });
});

describe('compareScenario with growth the explain stage explained (issue 14)', () => {
  const explanation = (suppressed: { what: 'type' | 'site'; name: string }[]) => ({ knownLeaks: [], suppressed, explained: [{}] });

  it('a baseline leak that an ignore entry now explains is not called fixed: it is clean, and says why', () => {
    const b = baselineOf(leaky(8192));
    const current = { ...clean(), explanation: explanation([{ what: 'site', name: 'app/cache.py:14' }]) };
    const c = comparisonWords(compareScenario(current, b.scenarios[0], b, TOLERANCE));
    expect(c.class).toBe('clean');
    expect(c.reason).toContain('now explained');
  });

  it('a known leak with new growth is worse, but not for growth an ignore entry explains', () => {
    const b = baselineOf(leaky(8192));
    const withNewType = leaky(8192);
    withNewType.types = [...withNewType.types, { ...withNewType.types[0], type: 'app.Listener', perCycle: 2 }];
    expect(compareScenario(withNewType, b.scenarios[0], b, TOLERANCE).class).toBe('worse');
    const suppressed = { ...withNewType, explanation: explanation([{ what: 'type', name: 'app.Listener' }]) };
    expect(compareScenario(suppressed, b.scenarios[0], b, TOLERANCE).class).toBe('unchanged');
  });
});

describe('compareScenario judges a known leak on every signal it measured', () => {
  type Extra = { line: number; bytesPerCycle: number; userCode?: boolean };
  const known = (bytesPerCycle: number, options: { sites?: Extra[]; sessionsPerCycle?: number; types?: Record<string, number> } = {}): ScenarioResult => {
    const sites = [
      { file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle },
      ...(options.sites ?? []).map((s) => ({ file: 'app/cache.py', line: s.line, userCode: s.userCode ?? true, bytesPerCycle: s.bytesPerCycle })),
    ];
    const types = {
      'app.Session': linear(0, options.sessionsPerCycle ?? 1),
      ...Object.fromEntries(Object.entries(options.types ?? {}).map(([name, rate]) => [name, linear(0, rate)])),
    };
    const run = syntheticRun({
      heapBytes: linear(3e6, bytesPerCycle),
      types,
      window: tracedWindow(
        sites.reduce((sum, site) => sum + site.bytesPerCycle, 0),
        sites.map((site) => [site]),
      ),
    });
    run.settings = { ...run.settings, name: 'app/scenario.py', target: 'app/scenario.py' };
    return scenarioResult(run);
  };
  const against = (current: ScenarioResult, baseline: ScenarioResult) => {
    const b = baselineOf(baseline);
    return comparisonWords(compareScenario(current, b.scenarios[0], b, TOLERANCE, DEFAULT_THRESHOLDS));
  };

  it('a new site of 600 B per cycle (below the old 1 KiB tolerance) in a known leak is worse', () => {
    const c = against(known(8192, { sites: [{ line: 30, bytesPerCycle: 600 }] }), known(8192));
    expect(c.class).toBe('worse');
    expect(c.reason).toContain('a new growing site, app/cache.py:30 (600 B per cycle)');
    expect(c.sites.find((s) => s.line === 30)).toMatchObject({ class: 'new', baselineBytesPerCycle: null });
  });

  it("a new site below the detection threshold (100 B per cycle), or in the runtime's code, does not make a known leak worse", () => {
    expect(against(known(8192, { sites: [{ line: 30, bytesPerCycle: 100 }] }), known(8192)).class).toBe('unchanged');
    expect(against(known(8192, { sites: [{ line: 30, bytesPerCycle: 4000, userCode: false }] }), known(8192)).class).toBe('unchanged');
  });

  it('a new growing type in a known leak is worse', () => {
    const c = against(known(8192, { types: { 'app.Token': 1 } }), known(8192));
    expect(c.class).toBe('worse');
    expect(c.reason).toContain('a new growing type, app.Token (1 object per cycle)');
  });

  it('twice the live objects per cycle at the same bytes is worse: every signal counts', () => {
    const c = against(known(8192, { sessionsPerCycle: 2 }), known(8192));
    expect(c.class).toBe('worse');
    expect(c.reason).toBe('live app.Session objects 1 → 2 objects per cycle, 2.00× (±0.00×), worse: over the 50% tolerance');
    expect(c.types[0]).toMatchObject({ class: 'worse', perCycle: 2, baselinePerCycle: 1 });
  });

  it('a leak 1.25× the baseline stays a known leak, labelled with its ratio, not "unchanged"', () => {
    const c = against(known(10_240), known(8192));
    expect(c.class).toBe('unchanged');
    expect(c.signals![0]).toMatchObject({ signal: 'tracedBytesPerCycle', class: 'unchanged', ratio: 1.25 });
    expect(comparisonLabel(c)).toBe('known leak, 1.25× (±0.00×), within tolerance');
    expect(c.reason).toBe('a known leak: traced Python memory 8.00 KiB → 10.0 KiB per cycle, 1.25× (±0.00×), within the 50% tolerance');
  });

  it('the same leak is labelled "known leak, unchanged"', () => {
    const c = against(known(8192), known(8192));
    expect(c.class).toBe('unchanged');
    expect(comparisonLabel(c)).toBe('known leak, unchanged');
    expect(c.signals!.every((s) => s.class === 'unchanged')).toBe(true);
  });

  it('a site twice as fast at the same total is worse when both margins are known, not when they are unknown', () => {
    const site = (result: ScenarioResult, scale: number, margin: number | null) => ({
      ...result,
      sites: result.sites.map((s) => ({ ...s, bytesPerCycle: s.bytesPerCycle * scale, bytesPerCycleMargin: margin, countPerCycleMargin: margin })),
    });
    const known8k = known(8192);
    const measured = against(site(known8k, 2, 0), site(known8k, 1, 0));
    expect(measured.class).toBe('worse');
    expect(measured.reason).toMatch(/^memory allocated at app\/cache\.py:14 8\.00 KiB → 16\.0 KiB per cycle, 2\.00×/);
    // Too few snapshots to know: a site alone cannot flip a known leak.
    expect(against(site(known8k, 2, null), site(known8k, 1, null)).class).toBe('unchanged');
  });

  it('a baseline recorded before margins existed reads back, and its rates count as exact', () => {
    const b = baselineOf(known(8192));
    const old = JSON.parse(JSON.stringify(b));
    for (const s of old.scenarios) {
      for (const key of Object.keys(s.growth)) if (key.endsWith('Margin')) delete s.growth[key];
      for (const site of s.sites) {
        delete site.bytesPerCycleMargin;
        delete site.countPerCycleMargin;
      }
      for (const t of s.types) delete t.perCycleMargin;
    }
    const parsed = parseBaseline(JSON.stringify(old));
    expect(parsed.ok).toBe(true);
    if (parsed.ok) expect(compareScenario(known(16_384), parsed.baseline.scenarios[0], parsed.baseline, TOLERANCE).class).toBe('worse');
  });
});
