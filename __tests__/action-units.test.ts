/** The action's pure pieces as table tests: inputs, modes, baseline choice, comments, annotations. */
import { annotationsFor, COMMENT_LIMIT_CHARS, renderComment } from '../src/action/comment.js';
import { readActionContext, resolveMode } from '../src/action/context.js';
import { baselineCandidates, commentMarker, ourComments, type ListedArtifact } from '../src/action/github.js';
import { parseActionInputs } from '../src/action/inputs.js';
import { resolveRunConfig } from '../src/config.js';
import { parseConfigFile } from '../src/config-file.js';
import { wantsNewComment } from '../src/action/main.js';
import { buildReport, scenarioResult } from '../src/decide.js';
import type { Report, SiteReport } from '../src/model.js';
import { linear, syntheticRun, tracedWindow } from './helpers/synthetic.js';

const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';

describe('parseActionInputs', () => {
  it('reads defaults when inputs are empty, and one scenario per line, skipping blanks and comments', () => {
    const config = parseActionInputs(inputs({ scenario: 'tests/leak/a.py\n\n# not this one\n  pkg.jobs:run  \n' }));
    expect(config.flags.targets).toEqual(['tests/leak/a.py', 'pkg.jobs:run']);
    expect(config).toMatchObject({ mode: 'auto', comment: 'always', acceptLabel: 'leakgate:accept', baselineName: 'leakgate-baseline', retentionDays: 90 });
    const run = resolveRunConfig(config.flags, null);
    expect(run.scenarios[0]).toMatchObject({ cycles: 100, warmup: 20, frames: 10, timeoutSeconds: 600 });
    expect(run.tolerance).toEqual({ relativePercent: 50, bytesPerCycle: 0, objectsPerCycle: 0 });
  });
  it('inputs override the configuration file, which overrides the defaults', () => {
    const file = parseConfigFile('[tool.leakgate]\ncycles = 300\nwarmup = 40\n[[tool.leakgate.scenarios]]\nname = "checkout"\ntarget = "tests/leak/checkout.py"\nframes = 20\n', 'pyproject.toml');
    const run = resolveRunConfig(parseActionInputs(inputs({ cycles: '150' })).flags, file);
    expect(run.scenarios).toHaveLength(1);
    expect(run.scenarios[0]).toMatchObject({ name: 'checkout', target: 'tests/leak/checkout.py', cycles: 150, warmup: 40, frames: 20 });
  });
  it.each([
    { what: 'a bad shard', values: { scenario: 'a.py', shard: '5/4' }, message: "input 'shard' must be i/n with 1 ≤ i ≤ n ≤ 256, e.g. 2/4, but got '5/4'" },
    { what: 'a percent tolerance that is not a number', values: { scenario: 'a.py', tolerance: 'lots%' }, message: "input 'tolerance' must be a number from 0 to 10000, but got 'lots%'" },
    { what: 'an artifact name with a slash', values: { scenario: 'a.py', 'baseline-name': 'base/line' }, message: "input 'baseline-name' must be an artifact name" },
    { what: 'zero retention days', values: { scenario: 'a.py', 'retention-days': '0' }, message: "input 'retention-days' must be an integer from 1 to 90, but got '0'" },
  ])('refuses $what, naming the input, the value and what is accepted', ({ values, message }) => {
    expect(() => parseActionInputs(inputs(values as unknown as Record<string, string>))).toThrow(message);
  });
  it('mode merge needs the number of legs', () => {
    expect(() => parseActionInputs(inputs({ mode: 'merge' }))).toThrow("input 'legs' is needed in mode merge");
    expect(parseActionInputs(inputs({ mode: 'merge', legs: '4' })).legs).toBe(4);
  });
});

const env = (event: string, ref = 'refs/heads/main') => ({ GITHUB_EVENT_NAME: event, GITHUB_REPOSITORY: 'acme/shop', GITHUB_REF: ref, GITHUB_SHA: 'a'.repeat(40) });
const repository = { id: 1001, default_branch: 'main' };

describe('resolveMode', () => {
  it.each([
    { event: 'push', ref: 'refs/heads/main', payload: { repository }, mode: 'baseline' },
    { event: 'workflow_dispatch', ref: 'refs/heads/main', payload: { repository }, mode: 'baseline' },
    { event: 'pull_request', ref: 'refs/pull/7/merge', payload: { repository, pull_request: { number: 7, base: { ref: 'main' }, head: { sha: 'c' } } }, mode: 'check' },
    { event: 'workflow_run', ref: 'refs/heads/main', payload: { repository, workflow_run: { id: 5, head_sha: 'c' } }, mode: 'comment' },
  ])('auto on $event is $mode', ({ event, ref, payload, mode }) => {
    expect(resolveMode('auto', readActionContext(env(event, ref), payload))).toBe(mode);
  });
  it.each([
    { what: 'auto on a push to another branch', mode: 'auto', event: 'push', ref: 'refs/heads/feature', message: "records baselines only on pushes to the default branch (main), and this push is to 'feature'" },
    { what: 'auto on an unknown event', mode: 'auto', event: 'schedule', ref: 'refs/heads/main', message: "does not know the event 'schedule'" },
    { what: 'check without a pull request', mode: 'check', event: 'push', ref: 'refs/heads/main', message: "mode 'check' needs a pull_request event" },
  ] as const)('$what is refused with the fix', ({ mode, event, ref, message }) => {
    expect(() => resolveMode(mode, readActionContext(env(event, ref), { repository }))).toThrow(message);
  });
});

describe('baselineCandidates', () => {
  const a = (id: number, run: Partial<NonNullable<ListedArtifact['workflow_run']>>, extra: Partial<ListedArtifact> = {}): ListedArtifact => ({
    id,
    name: 'leakgate-baseline',
    expired: false,
    created_at: `2026-11-${10 + id}T00:00:00Z`,
    workflow_run: { id: id * 10, repository_id: 1001, head_repository_id: 1001, head_branch: 'main', ...run },
    ...extra,
  });
  it.each([
    { what: 'newest first', artifacts: [a(1, {}), a(3, {}), a(2, {})], expected: [3, 2, 1] },
    { what: 'a fork\'s artifact is never a candidate', artifacts: [a(1, {}), a(2, { head_repository_id: 2002 })], expected: [1] },
    { what: 'expired artifacts are skipped', artifacts: [a(1, {}), a(2, {}, { expired: true })], expected: [1] },
    { what: 'other branches are skipped', artifacts: [a(1, {}), a(2, { head_branch: 'release' })], expected: [1] },
    { what: 'an artifact with no run is skipped', artifacts: [a(1, {}), { ...a(2, {}), workflow_run: null }], expected: [1] },
  ])('$what', ({ artifacts, expected }) => {
    expect(baselineCandidates(artifacts, 1001, 'main').map((x) => x.id)).toEqual(expected);
  });
});

describe('ourComments', () => {
  const marker = commentMarker('leakgate', 'memory');
  it('keeps only comments by our login that carry our marker, oldest first', () => {
    const comments = [
      { id: 3, body: `${marker}\nnew`, user: { login: 'github-actions[bot]' }, created_at: '2026-11-03T00:00:00Z' },
      { id: 1, body: `${marker}\nold`, user: { login: 'github-actions[bot]' }, created_at: '2026-11-01T00:00:00Z' },
      { id: 2, body: `${marker}\nquoted by a person`, user: { login: 'mallory' }, created_at: '2026-11-02T00:00:00Z' },
      { id: 4, body: 'no marker', user: { login: 'github-actions[bot]' }, created_at: '2026-11-04T00:00:00Z' },
      { id: 5, body: `${commentMarker('leakgate', 'other-job')}\n`, user: { login: 'github-actions[bot]' }, created_at: '2026-11-05T00:00:00Z' },
    ];
    expect(ourComments(comments, 'github-actions[bot]', marker).map((c) => c.id)).toEqual([1, 3]);
  });
  it('a workflow or job name cannot close the marker', () => {
    expect(commentMarker('x --> y', 'job')).toBe('<!-- leakgate-comment workflow="x  y" job="job" -->');
  });
});

function leakyReport(name = 'app/s.py', sites = 1): Report {
  const run = syntheticRun({ blocks: linear(50_000, 3), window: tracedWindow(8192, [[{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 8192 }]]) });
  run.settings = { ...run.settings, name, target: name };
  const result = scenarioResult(run);
  result.sites = Array.from({ length: sites }, (_, i): SiteReport => ({ ...result.sites[0], file: `app/m${i}.py`, line: i + 1 }));
  return buildReport([result]);
}

describe('annotationsFor', () => {
  it('annotates at most 10 sites in the repository, and counts the rest', () => {
    const { annotations, omitted } = annotationsFor(leakyReport('app/s.py', 14));
    expect(annotations).toHaveLength(10);
    expect(omitted).toBe(4);
    expect(annotations[0]).toMatchObject({ file: 'app/m0.py', line: 1, title: 'leakgate: python leak' });
  });
  it('never annotates files outside the repository', () => {
    const report = leakyReport();
    report.scenarios[0].sites = [{ ...report.scenarios[0].sites[0], file: '/usr/lib/python3.11/json/decoder.py' }, { ...report.scenarios[0].sites[0], file: '../outside.py' }];
    expect(annotationsFor(report).annotations).toEqual([]);
  });
});

describe('renderComment', () => {
  const base = { marker: commentMarker('leakgate', 'memory'), sourceUrl: () => null, baseline: { status: 'compared' as const, reason: '', artifactName: 'leakgate-baseline' }, acceptLabel: 'leakgate:accept', accepted: false, runUrl: 'https://github.com/acme/shop/actions/runs/1' };
  it('stays under 65,536 characters with 50 scenarios with long names, keeping the verdict and the table', () => {
    const scenarios = Array.from({ length: 50 }, (_, i) => leakyReport(`scenarios/${'deep/'.repeat(40)}s${i}.py`, 15).scenarios[0]);
    const report = buildReport(scenarios);
    const body = renderComment({ ...base, report });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT_CHARS);
    expect(body.startsWith(base.marker)).toBe(true);
    expect(body).toContain('## ❌ leakgate: 50 leaking');
    expect(body).toContain('job summary');
  });
  it('a small report is posted whole, with the how-to', () => {
    const body = renderComment({ ...base, report: leakyReport() });
    expect(body).toContain('Tracebacks of the growing sites');
    expect(body).toContain('How to accept a regression or refresh the baseline');
    expect(body).not.toContain('cut to fit');
  });
});

describe('wantsNewComment', () => {
  const pass = buildReport([scenarioResult(syntheticRun({}))]);
  const fail = leakyReport();
  it.each([
    { policy: 'always', report: pass, expected: true },
    { policy: 'never', report: fail, expected: false },
    { policy: 'on-failure', report: pass, expected: false },
    { policy: 'on-failure', report: fail, expected: true },
    { policy: 'on-change', report: pass, expected: false },
    { policy: 'on-change', report: fail, expected: true },
  ] as const)('$policy with a $report.verdict report: $expected', ({ policy, report, expected }) => {
    expect(wantsNewComment(policy, report)).toBe(expected);
  });
});
