/**
 * The explain stage's part of the decision and of the report (issue 14): known library leaks
 * pass unless failOnKnownLeaks, stale ignore entries across shards, and every string the
 * explanation carries rendered inert.
 */
import { decide } from '../src/decide/decide.js';
import type { ScenarioEvidence } from '../src/decide/verdict.js';
import { renderMarkdown } from '../src/report/markdown.js';
import { mergeReports } from '../src/report/merge.js';
import { renderTerminal } from '../src/report/terminal.js';
import type { Report } from '../src/report/types.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { linear, syntheticRun } from './helpers/synthetic.js';

const known = (leaking: boolean, knownLibraryLeak: boolean, comparison: ScenarioEvidence['comparison'] = null): ScenarioEvidence => ({
  name: 's.py',
  measured: true,
  leaking,
  knownLibraryLeak,
  comparison,
});

describe('decide: known library leaks', () => {
  it.each([
    { what: 'fail-on leak: a known library leak passes by default', failOn: 'leak', fok: false, e: known(false, true), status: 'pass' },
    { what: 'fail-on leak: failOnKnownLeaks makes it fail', failOn: 'leak', fok: true, e: known(false, true), status: 'fail' },
    { what: 'regression with a baseline: it passes by default', failOn: 'regression', fok: false, e: known(false, true, 'clean'), status: 'pass' },
    { what: 'regression with a baseline: failOnKnownLeaks makes it fail', failOn: 'regression', fok: true, e: known(false, true, 'clean'), status: 'fail' },
    { what: 'never: it passes even with failOnKnownLeaks', failOn: 'never', fok: true, e: known(false, true), status: 'pass' },
    { what: 'a real leak beside a known one still fails', failOn: 'leak', fok: false, e: known(true, false), status: 'fail' },
    {
      what: 'regression: known library leak then a real leak is new, and fails',
      failOn: 'regression',
      fok: false,
      e: known(true, false, 'new'),
      status: 'fail',
    },
  ] as const)('$what', ({ failOn, fok, e, status }) => {
    expect(decide({ scenarios: [e], policy: { failOn, failOnKnownLeaks: fok }, compared: true, acceptedBy: null }).status).toBe(status);
  });
});

const HOSTILE = '<img src=x onerror=alert(1)> **bold** @someone [x](https://evil.example) \u001b[31m';

/** A leaking scenario's report whose explanation holds hostile text everywhere a scenario could put it. */
function hostileReport(): Report {
  const report = reportOfResults([scenarioResult(syntheticRun({ blocks: linear(100, 10) }))]);
  const s = report.scenarios[0];
  s.explanation = {
    knownLibraryLeak: false,
    knownLeaksVersion: 1,
    knownLeaks: [
      {
        id: HOSTILE,
        library: HOSTILE,
        title: HOSTILE,
        versions: HOSTILE,
        explanation: HOSTILE,
        workaround: HOSTILE,
        link: `https://evil.example/${HOSTILE}`,
        linkKind: 'issue',
        types: [HOSTILE],
        sites: [HOSTILE],
        calledFrom: { file: HOSTILE, line: 1, function: HOSTILE },
      },
    ],
    library: { library: HOSTILE, module: HOSTILE, holder: HOSTILE, calledFrom: { file: HOSTILE, line: 2, function: HOSTILE } },
    suppressed: [{ what: 'type', name: HOSTILE, reason: HOSTILE, source: HOSTILE }],
    explained: [{ reason: HOSTILE, by: [HOSTILE] }],
  };
  report.staleIgnores = [{ source: HOSTILE, match: `type ${HOSTILE}`, scenario: HOSTILE, reason: HOSTILE }];
  return report;
}

describe('the explanation in the renderers', () => {
  it('markdown: every string from the explanation is inert (no tag, no mention, no link, no emphasis)', () => {
    const md = renderMarkdown(hostileReport());
    expect(md).toContain('Inside a library:');
    expect(md).toContain('suppressed:');
    expect(md).toContain('matched nothing in this run: remove it');
    expect(md).not.toContain('<img');
    expect(md).not.toContain('@someone');
    expect(md).not.toContain('**bold**');
    expect(md).not.toContain('](https://evil');
    expect(md).not.toContain('href="https://evil');
    expect(md).not.toContain('\u001b');
  });

  it('terminal: control characters show as escapes', () => {
    const text = renderTerminal(hostileReport(), { color: false });
    expect(text).toContain('Inside a library:');
    expect(text).toContain('\\x1b[31m');
    expect(text).not.toContain('\u001b');
  });
});

describe('stale ignore entries across shards', () => {
  const stale = (match: string) => ({ source: 'pyproject.toml [[tool.leakgate.ignore]] #1', match, scenario: null, reason: 'r' });
  const leg = (shard: number, staleIgnores: Report['staleIgnores']): Report => {
    const report = reportOfResults([{ ...scenarioResult(syntheticRun({ blocks: linear(100, 0) })), name: `s${shard}.py` }]);
    return {
      ...report,
      ...(staleIgnores ? { staleIgnores } : {}),
      origin: { runId: `r${shard}`, startedAt: '2026-11-30T00:00:00Z', ci: null, shard: { index: shard, count: 2, scenariosInAll: 2 } },
    };
  };
  it('an entry is stale in the merged report only when every leg called it stale', () => {
    const merged = mergeReports([
      { label: 'shard 1/2', report: leg(1, [stale('type a.A'), stale('type b.B')]), problem: null },
      { label: 'shard 2/2', report: leg(2, [stale('type b.B')]), problem: null },
    ]);
    expect(merged.staleIgnores).toEqual([stale('type b.B')]);
    const matchedSomewhere = mergeReports([
      { label: 'shard 1/2', report: leg(1, [stale('type a.A')]), problem: null },
      { label: 'shard 2/2', report: leg(2, undefined), problem: null },
    ]);
    expect(matchedSomewhere.staleIgnores).toBeUndefined();
  });
});
