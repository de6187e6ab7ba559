/**
 * One decision (decide/decide.ts): the evidence of each scenario, the policy and the accept label
 * in, the verdict with its reasons out; the pipeline, merge and the interrupted report all decide
 * through it, and nothing rewrites the verdict later.
 */

import type { ComparisonClass } from '../src/compare/types.js';
import { decide } from '../src/decide/decide.js';
import type { ScenarioEvidence } from '../src/decide/verdict.js';
import { mergeReports } from '../src/report/merge.js';
import { withOrigin } from '../src/report/origin.js';
import { gateNoteWords } from '../src/report/words.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun } from './helpers/synthetic.js';

const scenario = (name: string, leaking: boolean, comparison: ComparisonClass | null, measured = true): ScenarioEvidence => ({
  name,
  measured,
  leaking,
  comparison,
});

describe('decide turns the policy into each scenario’s status', () => {
  it.each([
    { what: 'regression: a new leak fails', failOn: 'regression', leaking: true, cls: 'new', status: 'fail' },
    { what: 'regression: a worse leak fails', failOn: 'regression', leaking: true, cls: 'worse', status: 'fail' },
    { what: 'regression: an unchanged known leak passes', failOn: 'regression', leaking: true, cls: 'unchanged', status: 'pass' },
    { what: 'regression: an improved known leak passes', failOn: 'regression', leaking: true, cls: 'improved', status: 'pass' },
    { what: 'regression: a scenario with no baseline yet falls back to leak', failOn: 'regression', leaking: true, cls: 'no-baseline', status: 'fail' },
    { what: 'regression: a scenario not compared falls back to leak', failOn: 'regression', leaking: true, cls: null, status: 'fail' },
    { what: 'regression: a fixed leak passes', failOn: 'regression', leaking: false, cls: 'fixed', status: 'pass' },
    { what: 'leak: an unchanged known leak fails', failOn: 'leak', leaking: true, cls: 'unchanged', status: 'fail' },
    { what: 'leak: a clean scenario passes', failOn: 'leak', leaking: false, cls: 'clean', status: 'pass' },
    { what: 'never: a new leak passes', failOn: 'never', leaking: true, cls: 'new', status: 'pass' },
  ] as const)('$what', ({ failOn, leaking, cls, status }) => {
    const verdict = decide({ scenarios: [scenario('s.py', leaking, cls)], policy: { failOn }, compared: true, acceptedBy: null });
    expect(verdict.scenarios).toEqual([{ name: 's.py', status }]);
    expect(verdict.status).toBe(status);
    expect(verdict.gate).toEqual({ failOn, applied: failOn, acceptedBy: null });
  });

  it.each(['regression', 'leak', 'never'] as const)('a scenario that could not be measured is an error under fail-on %s', (failOn) => {
    const verdict = decide({
      scenarios: [scenario('a.py', false, null, false), scenario('b.py', true, 'new')],
      policy: { failOn },
      compared: true,
      acceptedBy: null,
    });
    expect(verdict.scenarios[0].status).toBe('error');
    expect(verdict.status).toBe('error');
  });

  it('regression with no usable baseline falls back to leak, and says so', () => {
    const verdict = decide({ scenarios: [scenario('s.py', true, null)], policy: { failOn: 'regression' }, compared: false, acceptedBy: null });
    expect(verdict.status).toBe('fail');
    expect(verdict.gate).toEqual({ failOn: 'regression', applied: 'leak', acceptedBy: null });
    expect(verdict.reasons).toEqual([{ code: 'no-usable-baseline' }]);
    expect(gateNoteWords(verdict.reasons)).toContain('no usable baseline');
  });

  it('fail-on never says that leaks do not fail the check', () => {
    const verdict = decide({ scenarios: [scenario('s.py', true, null)], policy: { failOn: 'never' }, compared: false, acceptedBy: null });
    expect(verdict.reasons).toEqual([{ code: 'fail-on-never' }]);
    expect(gateNoteWords(verdict.reasons)).toBe('fail-on is never: leaks are reported, the check does not fail on them');
  });
});

describe('decide takes the accept label in: a failing run passes, and says who accepted it', () => {
  it('every failing scenario passes, the gate names the label, the note says so', () => {
    const verdict = decide({
      scenarios: [scenario('a.py', true, 'new'), scenario('b.py', false, 'clean')],
      policy: { failOn: 'regression' },
      compared: true,
      acceptedBy: 'leakgate:accept',
    });
    expect(verdict.status).toBe('pass');
    expect(verdict.scenarios.map((s) => s.status)).toEqual(['pass', 'pass']);
    expect(verdict.gate.acceptedBy).toBe('leakgate:accept');
    expect(gateNoteWords(verdict.reasons)).toBe("accepted with the 'leakgate:accept' label: the check passes despite the regression");
  });

  it('the note of a run accepted with no usable baseline is the acceptance, the fallback stays among the reasons', () => {
    const verdict = decide({ scenarios: [scenario('a.py', true, null)], policy: { failOn: 'regression' }, compared: false, acceptedBy: 'ok' });
    expect(verdict.reasons.map((r) => r.code)).toEqual(['accepted', 'no-usable-baseline']);
    expect(verdict.gate).toEqual({ failOn: 'regression', applied: 'leak', acceptedBy: 'ok' });
  });

  it.each([
    {
      what: 'a run with an error (nothing was measured)',
      scenarios: [scenario('a.py', true, 'new'), scenario('b.py', false, null, false)],
      status: 'error',
      statuses: ['fail', 'error'],
    },
    { what: 'a passing run', scenarios: [scenario('a.py', true, 'unchanged')], status: 'pass', statuses: ['pass'] },
  ] as const)('the label changes nothing on $what', ({ scenarios, status, statuses }) => {
    const verdict = decide({ scenarios, policy: { failOn: 'regression' }, compared: true, acceptedBy: 'leakgate:accept' });
    expect(verdict.status).toBe(status);
    expect(verdict.scenarios.map((s) => s.status)).toEqual(statuses);
    expect(verdict.gate.acceptedBy).toBeNull();
    expect(verdict.reasons).toEqual([]);
  });
});

describe('merge decides the legs again by the same rules', () => {
  const leaky = (name: string) => {
    const run = syntheticRun({ types: { 'app.Session': linear(0, 2) } });
    run.settings = { ...run.settings, name, target: name };
    return scenarioResult(run);
  };
  const clean = (name: string) => {
    const run = syntheticRun({});
    run.settings = { ...run.settings, name, target: name };
    return scenarioResult(run);
  };
  const leg = (index: number, results: ReturnType<typeof scenarioResult>[]) => ({
    label: `shard ${index}/2`,
    report: withOrigin(reportOfResults(results), {
      runId: `r${index}`,
      startedAt: '2026-11-20T10:00:00.000Z',
      ci: null,
      shard: { index, count: 2, scenariosInAll: 2 },
    }),
    problem: null,
  });
  const legs = [leg(1, [clean('a.py')]), leg(2, [leaky('b.py')])];

  it('the merged verdict is the legs’ verdicts, worst first', () => {
    const merged = mergeReports(legs, { expectLegs: 2 });
    expect(merged.scenarios.map((s) => [s.name, s.verdict])).toEqual([
      ['a.py', 'pass'],
      ['b.py', 'fail'],
    ]);
    expect(merged.verdict).toBe('fail');
    expect(merged.gate).toEqual({ failOn: 'leak', applied: 'leak', note: null, acceptedBy: null });
  });

  it('the accept label passes the merged check, as it would a single run', () => {
    const merged = mergeReports(legs, { expectLegs: 2, acceptedBy: 'leakgate:accept' });
    expect(merged.verdict).toBe('pass');
    expect(merged.scenarios.map((s) => s.verdict)).toEqual(['pass', 'pass']);
    expect(merged.gate).toMatchObject({
      acceptedBy: 'leakgate:accept',
      note: "accepted with the 'leakgate:accept' label: the check passes despite the regression",
    });
  });

  it('a missing leg is an error the label cannot accept', () => {
    const merged = mergeReports([legs[1]], { expectLegs: 2, acceptedBy: 'leakgate:accept' });
    expect(merged.verdict).toBe('error');
    expect(merged.scenarios.map((s) => [s.name, s.verdict])).toEqual([
      ['b.py', 'fail'],
      ['(shard 1/2)', 'error'],
    ]);
    expect(merged.gate.acceptedBy).toBeNull();
  });
});
