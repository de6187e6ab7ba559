/**
 * Baselines as data: recording, reading back, and refusing every kind of bad file with a
 * reason that names the field. Then the comparison classes and the gate, on plain data.
 */
import { BASELINE_LIMITS, BASELINE_SCHEMA, parseBaseline, recordBaseline, type Baseline } from '../src/baseline/baseline.js';
import { classifyRate, compareScenario, matchSites } from '../src/compare.js';
import { buildReport, scenarioResult } from '../src/decide.js';
import { applyGate } from '../src/gate.js';
import type { ScenarioComparison, ScenarioResult, SiteReport, Tolerance } from '../src/model.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const TOLERANCE: Tolerance = { relativePercent: 50, bytesPerCycle: 1024, objectsPerCycle: 0.5 };

function leaky(bytesPerCycle: number, name = 'app/scenario.py'): ScenarioResult {
  const run = syntheticRun({ heapBytes: linear(3e6, bytesPerCycle), types: { 'app.Session': linear(0, 1) }, window: tracedWindow(bytesPerCycle, [[{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle }]]) });
  run.settings = { ...run.settings, name, target: name };
  return scenarioResult(run);
}

function clean(name = 'app/scenario.py'): ScenarioResult {
  const run = syntheticRun({});
  run.settings = { ...run.settings, name, target: name };
  return scenarioResult(run);
}

const baselineOf = (...results: ScenarioResult[]): Baseline => recordBaseline(buildReport(results), new Date('2026-11-21T12:00:00Z')).baseline;
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
      r.sites = Array.from({ length: 30 }, (_, j): SiteReport => ({ ...site, file: `app/module_${j}/a_rather_long_file_name.py`, code: 'x'.repeat(200), line: j }));
      r.types = Array.from({ length: 30 }, (_, j) => ({ type: `app.models.SomeLongTypeName${j}`, perCycle: 1, count: 100, retainedBy: null }));
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
    { what: 'negative cycles', text: mutate((b) => (b.scenarios[0].settings.cycles = -5)), reason: 'baseline.scenarios[0].settings.cycles must be at least 1, got -5' },
    { what: 'a string where a number belongs', text: mutate((b) => (b.scenarios[0].growth.tracedBytesPerCycle = '8192')), reason: 'baseline.scenarios[0].growth.tracedBytesPerCycle must be a number, got the string "8192"' },
    { what: 'a million sites', text: mutate((b) => (b.scenarios[0].sites = new Array(1_000_000).fill(0))), reason: 'baseline.scenarios[0].sites has 1000000 entries, more than the 50 a baseline may hold' },
    { what: 'a million full sites, over the size cap', text: mutate((b) => (b.scenarios[0].sites = Array.from({ length: 1_000_000 }, () => b.scenarios[0].sites[0]))), reason: `bytes, over the ${BASELINE_LIMITS.fileBytes}-byte cap` },
    { what: 'an absurd line number', text: mutate((b) => (b.scenarios[0].sites[0].line = 1e12)), reason: 'baseline.scenarios[0].sites[0].line must be at most' },
    { what: 'an unknown leak kind', text: mutate((b) => (b.scenarios[0].leak.kind = 'quantum')), reason: 'baseline.scenarios[0].leak.kind must be one of' },
    { what: 'a huge string', text: mutate((b) => (b.scenarios[0].name = 'x'.repeat(5000))), reason: 'baseline.scenarios[0].name is a string of 5000 characters' },
    { what: 'a repeated scenario name', text: mutate((b) => b.scenarios.push(b.scenarios[0])), reason: 'repeats the scenario name' },
    { what: 'a series whose columns differ in length', text: mutate((b) => b.scenarios[0].series.bytes.pop()), reason: 'baseline.scenarios[0].series.bytes must be a number' },
    { what: 'a file over the size cap', text: `${validText}${' '.repeat(BASELINE_LIMITS.fileBytes)}`, reason: `over the ${BASELINE_LIMITS.fileBytes}-byte cap` },
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

describe('classifyRate applies an absolute and a relative tolerance', () => {
  it.each([
    { what: 'the same rate is unchanged', current: 8192, baseline: 8192, unit: 'bytes', expected: 'unchanged' },
    { what: 'a rate within 50% + 1 KiB is unchanged', current: 12_000, baseline: 8192, unit: 'bytes', expected: 'unchanged' },
    { what: 'a doubled rate is worse', current: 16_384, baseline: 8192, unit: 'bytes', expected: 'worse' },
    { what: 'a halved-and-more rate is improved', current: 2000, baseline: 8192, unit: 'bytes', expected: 'improved' },
    { what: 'a small leak growing by less than the absolute part is unchanged', current: 900, baseline: 100, unit: 'bytes', expected: 'unchanged' },
    { what: 'one object per cycle more than 1 is worse', current: 2.1, baseline: 1, unit: 'objects', expected: 'worse' },
    // A leak of objects of random sizes, traced over a few cycles: its rate is known to ±4 KiB.
    { what: 'a noisy rate 80% up, within its margin, is unchanged', current: 14_700, baseline: 8192, unit: 'bytes', margin: 4096, expected: 'unchanged' },
    { what: 'the same difference measured exactly is worse', current: 14_700, baseline: 8192, unit: 'bytes', margin: 0, expected: 'worse' },
    { what: 'a noisy rate far beyond its margin is still worse', current: 24_000, baseline: 8192, unit: 'bytes', margin: 4096, expected: 'worse' },
    { what: 'a noisy rate 75% down, within its margin, is unchanged', current: 2000, baseline: 8192, unit: 'bytes', margin: 3000, expected: 'unchanged' },
    { what: 'the same fall measured exactly is improved', current: 2000, baseline: 8192, unit: 'bytes', margin: 0, expected: 'improved' },
  ] as const)('$what', (row) => {
    expect(classifyRate(row.current, row.baseline, row.unit, TOLERANCE, 'margin' in row ? row.margin : undefined)).toBe(row.expected);
  });
});

describe('site matching survives unrelated edits', () => {
  const site = (line: number, code = 'cache[key] = payload', fn = 'render'): SiteReport => ({ file: 'app/cache.py', line, function: fn, code, userCode: true, stackComplete: true, bytesPerCycle: 100, countPerCycle: 1, retainedBy: null, frames: [] });
  const base = (line: number, code = 'cache[key] = payload', fn = 'render') => ({ file: 'app/cache.py', line, function: fn, code, bytesPerCycle: 100, countPerCycle: 1 });
  it.each([
    { what: 'lines inserted above the leak', current: [site(24)], baseline: [base(14)], matched: [[24, 14]] },
    { what: 'the same text twice in a function: the nearest line wins', current: [site(30), site(12)], baseline: [base(10), base(28)], matched: [[30, 28], [12, 10]] },
    { what: 'changed code is not the same site', current: [site(14, 'cache[key] = payload.copy()')], baseline: [base(14)], matched: [] },
    { what: 'the same text in another function is not the same site', current: [site(14, undefined, 'other')], baseline: [base(14)], matched: [] },
  ])('$what', ({ current, baseline, matched }) => {
    const matches = matchSites(current, baseline);
    expect([...matches].map(([c, b]) => [c.line, b.line])).toEqual(matched);
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
    const c = compareScenario(leaky(8192), b.scenarios[0], b, TOLERANCE);
    expect(c.class).toBe('unchanged');
    expect(c.caveats.join('\n')).toContain('recorded on Python 3.9.18, this run on 3.11.7');
    expect(c.caveats.join('\n')).toContain('compared per cycle');
  });
});

describe('applyGate turns the policy into verdicts', () => {
  const comparison = (cls: ScenarioComparison['class']): ScenarioComparison => ({ class: cls, reason: '', baseline: null, sites: [], types: [], caveats: [] });
  it.each([
    { what: 'regression: a new leak fails', failOn: 'regression', leak: true, cls: 'new', verdict: 'fail' },
    { what: 'regression: a worse leak fails', failOn: 'regression', leak: true, cls: 'worse', verdict: 'fail' },
    { what: 'regression: an unchanged known leak passes', failOn: 'regression', leak: true, cls: 'unchanged', verdict: 'pass' },
    { what: 'regression: a scenario with no baseline yet falls back to leak', failOn: 'regression', leak: true, cls: 'no-baseline', verdict: 'fail' },
    { what: 'leak: an unchanged known leak fails', failOn: 'leak', leak: true, cls: 'unchanged', verdict: 'fail' },
    { what: 'never: a new leak passes', failOn: 'never', leak: true, cls: 'new', verdict: 'pass' },
    { what: 'regression: a fixed leak passes', failOn: 'regression', leak: false, cls: 'fixed', verdict: 'pass' },
  ] as const)('$what', ({ failOn, leak, cls, verdict }) => {
    const result = leak ? leaky(8192) : clean();
    const { scenarios } = applyGate([result], { failOn, comparisons: new Map([[result.name, comparison(cls)]]) });
    expect(scenarios[0].verdict).toBe(verdict);
  });

  it('regression with no usable baseline falls back to leak, and says so', () => {
    const { scenarios, gate } = applyGate([leaky(8192)], { failOn: 'regression', comparisons: null });
    expect(scenarios[0].verdict).toBe('fail');
    expect(gate).toMatchObject({ failOn: 'regression', applied: 'leak' });
    expect(gate.note).toContain('no usable baseline');
  });
});
