/**
 * Issue 16's five rendering cases as real reports and the PR comment's input: a single leak, a
 * clean run, six mixed scenarios with an error, a baseline comparison (new, worse, known, fixed,
 * clean) and 50 scenarios. The first four were recorded with the CLI from the examples by
 * scripts/record-report-cases.mjs (__tests__/fixtures/reports/*.json); re-record them after a
 * change to the report's contract. The 50 scenarios are the mixed case's, renamed (see fifty()).
 * The mixed case carries hostile strings (see withHostileStrings): a synthetic edit of a real report.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BaselineState, CommentInput } from '../../src/adapters/action/comment.js';
import { reportOf } from '../../src/pipeline.js';
import type { MeasuredScenario } from '../../src/report/build.js';
import { type Report, reportSchema, type ScenarioResult } from '../../src/report/types.js';
import { ROOT } from './cli.js';

export const REPORT_FIXTURES = join(ROOT, '__tests__', 'fixtures', 'reports');

export type CaseName = 'single-leak' | 'clean' | 'mixed' | 'comparison' | 'fifty';

export interface ReportCase {
  name: CaseName;
  /** What the case is, in words (for test names and the screenshots' captions). */
  what: string;
  report: Report;
  /** The PR comment's input, as the action builds it (src/adapters/action/main.ts). */
  comment: CommentInput;
  /** The notes the action passes to the job summary (warnings of the run). */
  summaryNotes: string[];
  sourceUrl: (file: string, line: number) => string | null;
}

/** The hostile code line put into the mixed case: every character GitHub could render as something else. */
export const HOSTILE_CODE = 'self.__init__(*a*, "#123", "https://example.invalid/x", a | b, "C:\\temp\\_x")  # @someone __closure__';
/** The hostile function name and holder put beside it. */
export const HOSTILE_FUNCTION = 'RequestHandler.__init__';
export const HOSTILE_HOLDER = 'leaky.bus (leaky.EventBus)._subscribers (list) → [7] (method).__self__ (leaky.RequestHandler).*buffer* → bytearray';

const SERVER = 'https://github.com/acme/shop';
const HEAD_SHA = '4f2c9e1b7d3a5f60c8e2b9a1d4f7c3e5a6b8d0f2';
/** The default branch's commit and run that recorded the comparison case's baseline. */
const BASELINE_SHA = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
const BASELINE_RUN_URL = `${SERVER}/actions/runs/12300000`;
/** "Now" for the comment's "N days ago": three days after the comparison case's baseline was recorded. */
export const NOW = new Date('2026-12-03T09:00:00Z');
export const RUN_URL = `${SERVER}/actions/runs/12345678`;

/** The link to a file at the PR's head commit, as the action makes it (main.ts sourceUrl). */
function sourceUrl(file: string, line: number): string | null {
  if (file.startsWith('/') || file.startsWith('..') || file.startsWith('<')) return null;
  return `${SERVER}/blob/${HEAD_SHA}/${file.split('/').map(encodeURIComponent).join('/')}#L${line}`;
}

/** A recorded report, checked against the published contract. */
export function recordedReport(name: 'single-leak' | 'clean' | 'mixed' | 'comparison'): Report {
  return reportSchema().parse(JSON.parse(readFileSync(join(REPORT_FIXTURES, `${name}.json`), 'utf8')));
}

/** The listeners scenario of a report with its top site's code, function and holder made hostile. */
function withHostileStrings(report: Report): Report {
  const copy = structuredClone(report);
  const target = copy.scenarios.find((s) => s.name.includes('listeners'));
  if (!target || target.sites.length === 0)
    throw new Error('the mixed case has no listeners scenario with sites: re-record it (scripts/record-report-cases.mjs)');
  const site = target.sites[0];
  site.code = HOSTILE_CODE;
  site.function = HOSTILE_FUNCTION;
  site.retainedBy = HOSTILE_HOLDER;
  if (site.frames[0]) site.frames[0] = { ...site.frames[0], code: HOSTILE_CODE, function: HOSTILE_FUNCTION };
  return reportSchema().parse(copy);
}

/**
 * 50 scenarios: the mixed case's six, repeated and renamed `scenarios/area_NN.py` (their sites
 * keep their own files), decided again as merge does. 24 leak, 4 cannot be measured, 22 pass.
 */
function fifty(mixed: Report): Report {
  const failing = mixed.scenarios.filter((s) => s.verdict === 'fail');
  const passing = mixed.scenarios.filter((s) => s.verdict === 'pass');
  const broken = mixed.scenarios.filter((s) => s.verdict === 'error');
  const pick = (from: ScenarioResult[], i: number) => from[i % from.length];
  const chosen = [
    ...Array.from({ length: 24 }, (_, i) => pick(failing, i)),
    ...Array.from({ length: 4 }, (_, i) => pick(broken, i)),
    ...Array.from({ length: 22 }, (_, i) => pick(passing, i)),
  ];
  const measured: MeasuredScenario[] = chosen.map((s, i) => {
    const { verdict: _verdict, ...rest } = structuredClone(s);
    const name = `scenarios/area_${String(i + 1).padStart(2, '0')}.py`;
    return { ...rest, name, target: name };
  });
  const report = reportOf(measured, { failOn: 'regression', tolerance: { relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 }, baseline: null });
  return reportSchema().parse({ ...report, tool: mixed.tool, origin: mixed.origin });
}

/** The baseline as the action would have found it: recorded by a push to main, or none yet. */
export function baselineState(report: Report): BaselineState {
  if (report.baseline?.status !== 'compared')
    return { status: 'missing', reason: "no artifact named 'leakgate-baseline' exists yet", artifactName: 'leakgate-baseline' };
  const origin = { branch: 'main', commit: BASELINE_SHA, runUrl: BASELINE_RUN_URL, createdAt: report.baseline.createdAt };
  return { status: 'compared', reason: '', artifactName: 'leakgate-baseline', origin };
}

function commentInput(report: Report): CommentInput {
  return {
    report,
    marker: '<!-- leakgate: leakgate / leak-check -->',
    sourceUrl,
    baseline: baselineState(report),
    acceptLabel: 'leakgate:accept',
    accepted: false,
    runUrl: RUN_URL,
    headSha: HEAD_SHA,
    now: NOW,
  };
}

/** The five cases, built fresh on each call (tests may not share mutable reports). */
export function reportCases(): ReportCase[] {
  const mixed = withHostileStrings(recordedReport('mixed'));
  const cases: [CaseName, string, Report][] = [
    ['single-leak', 'a single leak', recordedReport('single-leak')],
    ['clean', 'a clean run', recordedReport('clean')],
    ['mixed', 'six mixed scenarios with an error', mixed],
    ['comparison', 'a baseline comparison (new, worse, known, fixed, clean)', recordedReport('comparison')],
    ['fifty', '50 scenarios', fifty(mixed)],
  ];
  return cases.map(([name, what, report]) => ({
    name,
    what,
    report,
    comment: commentInput(report),
    summaryNotes: report.baseline?.status === 'compared' ? [] : ["leakgate: no baseline yet: no artifact named 'leakgate-baseline' exists yet"],
    sourceUrl,
  }));
}

/** One case by name. */
export function reportCase(name: CaseName): ReportCase {
  const found = reportCases().find((c) => c.name === name);
  if (!found) throw new Error(`no report case '${name}'`);
  return found;
}
