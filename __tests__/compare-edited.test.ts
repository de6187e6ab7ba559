/**
 * Issue 16: an edited leak line is one site, not a fixed one plus a new one. Sites are matched by
 * file, function and text; a line rewritten beyond similar text is still the same site when it is
 * the one unmatched line of its function on each side.
 */
import { type Baseline, recordBaseline } from '../src/compare/baseline.js';
import { compareScenario, matchSites } from '../src/compare/compare.js';
import type { ScenarioResult } from '../src/report/types.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const TOLERANCE = { relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 };

const site = (line: number, code: string, fn = 'render', file = 'app/cache.py') => ({
  file,
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
const base = (line: number, code: string, fn = 'render', file = 'app/cache.py') => ({ file, line, function: fn, code, bytesPerCycle: 100, countPerCycle: 1 });

describe('matching an edited leak line to its baseline site', () => {
  it.each([
    {
      what: 'a line rewritten beyond similar text, the only one of its function on each side, is the same site',
      current: [site(21, 'store[key] = build(request)')],
      baseline: [base(20, 'cache.append(payload)')],
      matched: [[21, 20]],
    },
    {
      what: 'a rewritten line beside an unchanged one: the unchanged pair by text, the rewritten pair as the lone ones',
      current: [site(30, 'seen.add(user)'), site(31, 'store[key] = build(request)')],
      baseline: [base(30, 'seen.add(user)'), base(31, 'cache.append(payload)')],
      matched: [
        [30, 30],
        [31, 31],
      ],
    },
    {
      what: 'two unmatched lines in the function now: which one is the old leak is not known, so neither is',
      current: [site(21, 'store[key] = build(request)'), site(22, 'log.append(request)')],
      baseline: [base(20, 'cache.append(payload)')],
      matched: [],
    },
    {
      what: 'the lone unmatched lines of different functions are different sites',
      current: [site(21, 'store[key] = build(request)', 'render')],
      baseline: [base(20, 'cache.append(payload)', 'other')],
      matched: [],
    },
    {
      what: 'the lone unmatched lines of different files are different sites',
      current: [site(21, 'store[key] = build(request)', 'render', 'app/a.py')],
      baseline: [base(20, 'cache.append(payload)', 'render', 'app/b.py')],
      matched: [],
    },
  ])('$what', ({ current, baseline, matched }) => {
    expect([...matchSites(current, baseline)].map(([c, b]) => [c.line, b.line])).toEqual(matched);
  });
});

function leakAt(code: string, line: number, bytesPerCycle: number): ScenarioResult {
  const run = syntheticRun({
    heapBytes: linear(3e6, bytesPerCycle),
    window: tracedWindow(bytesPerCycle, [[{ file: 'app/cache.py', line, userCode: true, bytesPerCycle }]]),
  });
  run.settings = { ...run.settings, name: 'app/scenario.py', target: 'app/scenario.py' };
  run.window!.sites[0].frames[0].code = code;
  run.window!.sites[0].frames[0].function = 'render';
  return scenarioResult(run);
}

describe('comparing a scenario whose leak line was edited', () => {
  const baselineOf = (r: ScenarioResult): Baseline => recordBaseline(reportOfResults([r]), new Date('2026-11-21T12:00:00Z')).baseline;
  it.each([
    { what: 'the same rate after a rewrite is one unchanged site, with the old line and text', bytes: 8192, expected: 'unchanged' },
    { what: 'four times the rate after a rewrite is one worse site, with the old line and text', bytes: 32768, expected: 'worse' },
  ])('$what', ({ bytes, expected }) => {
    const baseline = baselineOf(leakAt('cache.append(payload)', 20, 8192));
    const current = leakAt('store[key] = build(request)', 21, bytes);
    const c = compareScenario(current, baseline.scenarios[0], baseline, TOLERANCE);
    expect(c.sites.map((s) => s.class)).toEqual([expected]);
    expect(c.sites[0]).toMatchObject({ line: 21, baselineLine: 20, baselineCode: 'cache.append(payload)', code: 'store[key] = build(request)' });
    expect(c.class).toBe(expected);
  });
});
