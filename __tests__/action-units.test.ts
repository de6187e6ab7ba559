/** The action's pure pieces as table tests: inputs, modes, baseline choice, comments, annotations. */

import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { annotationsFor, COMMENT_LIMIT_CHARS, renderComment } from '../src/adapters/action/comment.js';
import { privilegedRunCheck, readActionContext, resolveMode } from '../src/adapters/action/context.js';
import { findingsFingerprint, fingerprintLine } from '../src/adapters/action/fingerprint.js';
import {
  baselineCandidates,
  commentMarker,
  createGitHubClient,
  fetchWithTimeout,
  type ListedArtifact,
  ourComments,
  PullRequestComments,
} from '../src/adapters/action/github.js';
import { parseActionInputs } from '../src/adapters/action/inputs.js';
import { exitCodeFor, interruptedReport } from '../src/adapters/action/interrupted.js';
import { wantsNewComment } from '../src/adapters/action/main.js';
import type { SiteReport } from '../src/analyse/types.js';
import { defuseWorkflowCommands, stopCommandsBlock, workflowLogLine } from '../src/report/inert.js';
import type { Report } from '../src/report/types.js';
import { resolveRunConfig } from '../src/settings/cli-args.js';
import { parseConfigFile } from '../src/settings/config-file.js';
import { workflowCommands } from './helpers/action.js';
import { ROOT } from './helpers/cli.js';
import { type FakeGitHub, fakeComment, startFakeGitHub } from './helpers/github-server.js';
import { reportOfResults, scenarioResult } from './helpers/results.js';
import { schemaErrors } from './helpers/schema.js';
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
    const file = parseConfigFile(
      '[tool.leakgate]\ncycles = 300\nwarmup = 40\n[[tool.leakgate.scenarios]]\nname = "checkout"\ntarget = "tests/leak/checkout.py"\nframes = 20\n',
      'pyproject.toml',
    );
    const run = resolveRunConfig(parseActionInputs(inputs({ cycles: '150' })).flags, file);
    expect(run.scenarios).toHaveLength(1);
    expect(run.scenarios[0]).toMatchObject({ name: 'checkout', target: 'tests/leak/checkout.py', cycles: 150, warmup: 40, frames: 20 });
  });
  it.each([
    { what: 'a bad shard', values: { scenario: 'a.py', shard: '5/4' }, message: "input 'shard' must be i/n with 1 ≤ i ≤ n ≤ 256, e.g. 2/4, but got '5/4'" },
    {
      what: 'a percent tolerance that is not a number',
      values: { scenario: 'a.py', tolerance: 'lots%' },
      message: "input 'tolerance' must be a number from 0 to 10000, but got 'lots%'",
    },
    {
      what: 'an artifact name with a slash',
      values: { scenario: 'a.py', 'baseline-name': 'base/line' },
      message: "input 'baseline-name' must be an artifact name",
    },
    {
      what: 'zero retention days',
      values: { scenario: 'a.py', 'retention-days': '0' },
      message: "input 'retention-days' must be an integer from 1 to 90, but got '0'",
    },
  ])('refuses $what, naming the input, the value and what is accepted', ({ values, message }) => {
    expect(() => parseActionInputs(inputs(values as unknown as Record<string, string>))).toThrow(message);
  });
  it('mode merge needs the number of legs', () => {
    expect(() => parseActionInputs(inputs({ mode: 'merge' }))).toThrow("input 'legs' is needed in mode merge");
    expect(parseActionInputs(inputs({ mode: 'merge', legs: '4' })).legs).toBe(4);
  });
});

const env = (event: string, ref = 'refs/heads/main') => ({
  GITHUB_EVENT_NAME: event,
  GITHUB_REPOSITORY: 'acme/shop',
  GITHUB_REF: ref,
  GITHUB_SHA: 'a'.repeat(40),
});
const repository = { id: 1001, default_branch: 'main' };

describe('resolveMode', () => {
  it.each([
    { event: 'push', ref: 'refs/heads/main', payload: { repository }, mode: 'baseline' },
    { event: 'workflow_dispatch', ref: 'refs/heads/main', payload: { repository }, mode: 'baseline' },
    {
      event: 'pull_request',
      ref: 'refs/pull/7/merge',
      payload: { repository, pull_request: { number: 7, base: { ref: 'main' }, head: { sha: 'c' } } },
      mode: 'check',
    },
    { event: 'workflow_run', ref: 'refs/heads/main', payload: { repository, workflow_run: { id: 5, head_sha: 'c' } }, mode: 'comment' },
  ])('auto on $event is $mode', ({ event, ref, payload, mode }) => {
    expect(resolveMode('auto', readActionContext(env(event, ref), payload))).toBe(mode);
  });
  it.each([
    {
      what: 'auto on a push to another branch',
      mode: 'auto',
      event: 'push',
      ref: 'refs/heads/feature',
      message: "records baselines only on pushes to the default branch (main), and this push is to 'feature'",
    },
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
    { what: "a fork's artifact is never a candidate", artifacts: [a(1, {}), a(2, { head_repository_id: 2002 })], expected: [1] },
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
  const run = syntheticRun({
    blocks: linear(50_000, 3),
    window: tracedWindow(8192, [[{ file: 'app/cache.py', line: 14, userCode: true, bytesPerCycle: 8192 }]]),
  });
  run.settings = { ...run.settings, name, target: name };
  const result = scenarioResult(run);
  result.sites = Array.from({ length: sites }, (_, i): SiteReport => ({ ...result.sites[0], file: `app/m${i}.py`, line: i + 1 }));
  return reportOfResults([result]);
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
    report.scenarios[0].sites = [
      { ...report.scenarios[0].sites[0], file: '/usr/lib/python3.11/json/decoder.py' },
      { ...report.scenarios[0].sites[0], file: '../outside.py' },
    ];
    expect(annotationsFor(report).annotations).toEqual([]);
  });
});

describe('renderComment', () => {
  const base = {
    marker: commentMarker('leakgate', 'memory'),
    sourceUrl: () => null,
    baseline: { status: 'compared' as const, reason: '', artifactName: 'leakgate-baseline' },
    acceptLabel: 'leakgate:accept',
    accepted: false,
    runUrl: 'https://github.com/acme/shop/actions/runs/1',
  };
  it('stays under 65,536 characters with 50 scenarios with long names, keeping the verdict and the table', () => {
    const scenarios = Array.from({ length: 50 }, (_, i) => leakyReport(`scenarios/${'deep/'.repeat(40)}s${i}.py`, 15).scenarios[0]);
    const report = reportOfResults(scenarios);
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
  const pass = reportOfResults([scenarioResult(syntheticRun({}))]);
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

describe('privilegedRunCheck', () => {
  const context = (event: string) => readActionContext(env(event), { repository, pull_request: { number: 7, base: { ref: 'main' }, head: { sha: 'c' } } });
  it.each([
    { event: 'pull_request_target', mode: 'check' },
    { event: 'pull_request_target', mode: 'baseline' },
    { event: 'workflow_run', mode: 'baseline' },
    { event: 'issue_comment', mode: 'check' },
  ] as const)('refuses mode $mode on $event, pointing to the fork-safe pair', ({ event, mode }) => {
    expect(() => privilegedRunCheck(mode, context(event), false)).toThrow(
      /refuses to run scenarios here: the '[a-z_]+' event runs with a write token.*leakgate-fork-pr\.yml.*allow-privileged-pr-code: true/,
    );
  });
  it.each([
    { event: 'pull_request', mode: 'check' },
    { event: 'push', mode: 'baseline' },
    { event: 'workflow_dispatch', mode: 'baseline' },
    { event: 'workflow_run', mode: 'comment' },
    { event: 'pull_request_target', mode: 'comment' },
    { event: 'pull_request_target', mode: 'merge' },
  ] as const)('lets mode $mode run on $event (no scenario, or no write token next to PR code)', ({ event, mode }) => {
    expect(privilegedRunCheck(mode, context(event), false)).toBeNull();
  });
  it('with the opt-in, allows it and returns the warning to print', () => {
    expect(privilegedRunCheck('check', context('pull_request_target'), true)).toMatch(
      /^leakgate runs scenarios on 'pull_request_target' because allow-privileged-pr-code is true/,
    );
  });
  it('auto still resolves pull_request_target to check, which the check then refuses', () => {
    expect(resolveMode('auto', context('pull_request_target'))).toBe('check');
  });
});

describe('findingsFingerprint', () => {
  const comment = { baselineStatus: 'missing', baselineReason: 'no artifact', acceptLabel: 'leakgate:accept', accepted: false };
  const holder = (key: string) => `leaky._response_cache (dict) → [key '${key}'] → bytes`;
  function withHolder(report: Report, key: string, bytesPerCycle: number): Report {
    const copy = structuredClone(report);
    copy.scenarios[0].sites = copy.scenarios[0].sites.map((s) => ({ ...s, retainedBy: holder(key), bytesPerCycle }));
    copy.scenarios[0].types = [{ type: 'bytes', perCycle: bytesPerCycle / 9000, count: 300, retainedBy: holder(key), retainedByRoot: null, frames: [] }];
    copy.scenarios[0].growth.tracedBytesPerCycle = bytesPerCycle;
    return copy;
  }
  const base = leakyReport('app/s.py', 2);
  it('is the same for the same findings with other numbers, sampled keys and site ranks', () => {
    const a = withHolder(base, 'req-00000132', 9000);
    const b = withHolder(base, 'req-00000097', 9100);
    b.scenarios[0].sites.reverse();
    b.scenarios[0].timing.wallSeconds = 99;
    expect(findingsFingerprint(a, comment)).toBe(findingsFingerprint(b, comment));
  });
  it('is the same whether or not the time-bounded retention walk found a holder', () => {
    const a = withHolder(base, 'req-00000132', 9000);
    const b = structuredClone(a);
    b.scenarios[0].sites[1].retainedBy = 'no path found within limits';
    b.scenarios[0].types[0].retainedBy = null;
    expect(findingsFingerprint(a, comment)).toBe(findingsFingerprint(b, comment));
  });
  it.each([
    { what: 'the verdict', change: (r: Report) => void (r.verdict = 'pass') },
    { what: 'a site', change: (r: Report) => void (r.scenarios[0].sites[0].line += 1) },
    { what: 'a growing type', change: (r: Report) => void (r.scenarios[0].types[0].type = 'str') },
    { what: 'the leak kind', change: (r: Report) => void (r.scenarios[0].leak.kind = 'native') },
    { what: 'the label that accepted it', change: (r: Report) => void (r.gate.acceptedBy = 'leakgate:accept') },
  ])('changes when $what changes', ({ change }) => {
    const a = withHolder(base, 'req-1', 9000);
    const b = withHolder(base, 'req-1', 9000);
    change(b);
    expect(findingsFingerprint(b, comment)).not.toBe(findingsFingerprint(a, comment));
  });
  it('changes with the baseline note the comment shows', () => {
    const a = withHolder(base, 'req-1', 9000);
    expect(findingsFingerprint(a, { ...comment, baselineStatus: 'compared', baselineReason: '' })).not.toBe(findingsFingerprint(a, comment));
  });
});

describe('PullRequestComments.upsert with a findings fingerprint', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.close();
  });
  const marker = commentMarker('leakgate', 'memory');
  const same = fingerprintLine('a'.repeat(64));
  it.each([
    {
      what: 'the same findings with other numbers are left alone',
      fingerprint: same,
      body: `${marker}\n${same}\n8.31 KiB per cycle`,
      action: 'unchanged',
      patches: 0,
    },
    {
      what: 'other findings update the comment in place',
      fingerprint: fingerprintLine('b'.repeat(64)),
      body: `${marker}\n${fingerprintLine('b'.repeat(64))}\n8.31 KiB per cycle`,
      action: 'updated',
      patches: 1,
    },
    {
      what: 'without a fingerprint, any change of text updates it',
      fingerprint: undefined,
      body: `${marker}\n${same}\n8.31 KiB per cycle`,
      action: 'updated',
      patches: 1,
    },
  ])('$what', async ({ fingerprint, body, action, patches }) => {
    github.state.comments.set(7, [fakeComment(900, `${marker}\n${same}\n8.24 KiB per cycle`)]);
    const comments = new PullRequestComments(createGitHubClient('ghs_x', { baseUrl: github.url, timeoutSeconds: 10 }), {
      owner: 'acme',
      repo: 'shop',
      number: 7,
    });
    const outcome = await comments.upsert(marker, body, { createIfMissing: true, fingerprint });
    expect(outcome.action).toBe(action);
    expect(github.requests.filter((r) => r.method === 'PATCH')).toHaveLength(patches);
    expect(github.state.comments.get(7)![0].body).toBe(patches ? body : `${marker}\n${same}\n8.24 KiB per cycle`);
  });
  it('the fingerprint line opens and closes no HTML comment', () => {
    expect(same).not.toMatch(/<!--|-->/);
  });
});

describe('inert workflow-command text', () => {
  const HOSTILE = [
    { what: 'a command at the start of a line', text: 'K\n::error file=app.py,line=1::forged' },
    { what: 'a command after spaces (the runner trims)', text: 'K\n   ::add-mask::leakgate' },
    { what: 'a command after CR', text: 'K\r::add-mask::leakgate' },
    { what: 'a command after a Unicode line separator', text: 'K\u2028::add-mask::leakgate' },
    { what: 'the old ##[ syntax anywhere in a line', text: 'K ##[add-mask]leakgate' },
    { what: 'a stop-commands of its own', text: '::stop-commands::x\n::add-mask::y' },
  ];
  it.each(HOSTILE)('defuseWorkflowCommands: $what is not a command', ({ text }) => {
    expect(workflowCommands(defuseWorkflowCommands(text))).toEqual([]);
    // Nor once the runner (or a log viewer) breaks the line at NEL, LS or PS.
    expect(workflowCommands(defuseWorkflowCommands(text).replace(/[\u0085\u2028\u2029]/g, '\n'))).toEqual([]);
  });
  it.each(HOSTILE)('workflowLogLine: $what stays on one line and is not a command', ({ text }) => {
    const line = workflowLogLine(text);
    expect(line.split(/\r\n|\r|\n/)).toHaveLength(1);
    expect(workflowCommands(line)).toEqual([]);
  });
  it.each(HOSTILE)('stopCommandsBlock: $what is inside a stop-commands block that only our token ends', ({ text }) => {
    const block = stopCommandsBlock(`${text}\n::ours::`, 'tok-123');
    expect(block.startsWith('::stop-commands::tok-123\n')).toBe(true);
    expect(block.endsWith('\n::tok-123::\n')).toBe(true);
    expect(workflowCommands(block)).toEqual([]);
    // After the block, commands work again.
    expect(workflowCommands(`${block}::warning::real`)).toEqual([{ command: 'warning', properties: {}, data: 'real' }]);
  });
  it('keeps the text readable', () => {
    expect(defuseWorkflowCommands('growing: dict\n::add-mask::x')).toBe('growing: dict\n\\::add-mask::x');
    expect(workflowLogLine('growing: dict\r\n::add-mask::x')).toBe('growing: dict ⏎ ::add-mask::x');
  });
  it('a block draws a fresh random token each time', () => {
    expect(stopCommandsBlock('a')).not.toBe(stopCommandsBlock('a'));
  });
});

describe('fetchWithTimeout', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url?.startsWith('/slow')) return void setTimeout(() => res.end('late'), 30_000).unref();
      res.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  it('gives up on a request after the timeout, with a message naming the request and the input', async () => {
    const fetch = fetchWithTimeout(globalThis.fetch, 0.5);
    await expect(fetch(`${url}/slow?page=2`)).rejects.toThrow(
      `no answer from GitHub within 0.5 s (GET ${url}/slow); set input api-timeout-seconds to wait longer`,
    );
  });
  it('after `giveUpAfter` timeouts in a row fails at once; a success in between resets the count', async () => {
    const fetch = fetchWithTimeout(globalThis.fetch, 0.3, 2);
    await expect(fetch(`${url}/slow`)).rejects.toThrow('no answer');
    expect(await (await fetch(`${url}/fast`)).text()).toBe('ok');
    await expect(fetch(`${url}/slow`)).rejects.toThrow('no answer');
    await expect(fetch(`${url}/slow`)).rejects.toThrow('no answer');
    const started = Date.now();
    await expect(fetch(`${url}/fast`, { method: 'POST' })).rejects.toThrow("not sent: GitHub's API did not answer the last 2 requests within 0.3 s");
    expect(Date.now() - started).toBeLessThan(250);
  });
});

describe('createGitHubClient against an API that hangs', () => {
  let server: Server;
  let url: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req) => void seen.push(`${req.method} ${req.url}`));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  const timed = async (call: () => Promise<unknown>): Promise<{ seconds: number; message: string }> => {
    const started = Date.now();
    const message = await call().then(
      () => 'answered',
      (error: Error) => error.message,
    );
    return { seconds: (Date.now() - started) / 1000, message };
  };
  it('retries each request twice (1 s, then 4 s apart), gives up after two hung requests, and then fails every call at once', async () => {
    const client = createGitHubClient('ghs_x', { baseUrl: url, timeoutSeconds: 1 });
    const first = await timed(() => client.rest.users.getAuthenticated());
    const second = await timed(() => client.rest.users.getAuthenticated());
    expect(first.message).toContain('no answer from GitHub within 1 s (GET');
    expect(second.message).toContain('no answer from GitHub within 1 s (GET');
    // Three tries each; the second request's retries wait as long as the first's (plugin-retry
    // once carried the retry count over, and waited 16 s before the next request's first retry).
    expect(seen).toHaveLength(6);
    expect(second.seconds).toBeLessThan(first.seconds + 6);
    const third = await timed(() => client.rest.issues.listComments({ owner: 'acme', repo: 'shop', issue_number: 7 }));
    expect(third.message).toContain("not sent: GitHub's API did not answer the last 6 requests within 1 s");
    // Not retried: nothing was sent.
    expect(third.seconds).toBeLessThan(2);
    expect(seen).toHaveLength(6);
  });
});

describe('interruptedReport', () => {
  it('reports every scenario as an error "interrupted", so the gate fails', () => {
    const run = resolveRunConfig(parseActionInputs(inputs({ scenario: 'a.py\nb.py' })).flags, null);
    const report = interruptedReport(run.scenarios, 'SIGINT', 'regression', true);
    expect(report.verdict).toBe('error');
    expect(report.scenarios.map((s) => [s.name, s.verdict, s.error?.kind])).toEqual([
      ['a.py', 'error', 'interrupted'],
      ['b.py', 'error', 'interrupted'],
    ]);
    expect(report.scenarios[0].error?.message).toContain('interrupted by SIGINT');
    expect(schemaErrors(report)).toEqual([]);
    expect(exitCodeFor('SIGINT')).toBe(130);
    expect(exitCodeFor('SIGTERM')).toBe(143);
  });
});

describe('the production entry', () => {
  const sources = readdirSync(join(ROOT, 'src'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'));
  it('ships no test seam: no source reads a LEAKGATE_TEST_ variable', () => {
    expect(sources.length).toBeGreaterThan(20);
    expect(sources.filter((file) => /LEAKGATE_TEST_/.test(readFileSync(join(ROOT, 'src', file), 'utf8')))).toEqual([]);
  });
});
