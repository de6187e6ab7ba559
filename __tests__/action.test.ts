/**
 * The action end to end, from src/ (helpers/action-entry.ts) as a child process with INPUT_* variables and
 * event payloads, against a fake GitHub REST API on loopback and a file-backed artifact
 * store. Each test asserts what the server received and what the runner files hold.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type ActionRun, pullRequestPayload, pushPayload, runAction, workflowRunPayload } from './helpers/action.js';
import { type FakeArtifact, type FakeGitHub, fakeComment, startFakeGitHub } from './helpers/github-server.js';
import { schemaErrors } from './helpers/schema.js';

const LEAKY = 'examples/unbounded_cache/leaky.py';
const CLEAN = 'examples/unbounded_cache/clean.py';
const MARKER = '<!-- leakgate-comment workflow="leakgate" job="memory" -->';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(async () => {
  await github.close();
});

const artifact = (
  id: number,
  overrides: Omit<Partial<FakeArtifact>, 'workflow_run'> & { workflow_run?: Partial<FakeArtifact['workflow_run']> } = {},
): FakeArtifact => ({
  id,
  name: 'leakgate-baseline',
  expired: false,
  created_at: `2026-11-${String(10 + (id % 10)).padStart(2, '0')}T00:00:00Z`,
  ...overrides,
  workflow_run: { id: id * 10, repository_id: 1001, head_repository_id: 1001, head_branch: 'main', head_sha: 'd'.repeat(40), ...overrides.workflow_run },
});

/** Put a baseline file where the file-backed store serves artifact `id` from. */
function storeBaseline(artifactDir: string, id: number, baselineText: string) {
  const folder = join(artifactDir, 'artifacts', String(id));
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'leakgate-baseline.json'), baselineText);
}

/** Record a real baseline by running the action on a push to main. */
async function recordBaseline(scenario: string): Promise<{ run: ActionRun; text: string }> {
  const run = await runAction({ event: 'push', payload: pushPayload(), apiUrl: github.url, inputs: { scenario } });
  const file = join(run.artifactDir, 'uploads', 'leakgate-baseline', 'leakgate-baseline.json');
  return { run, text: readFileSync(file, 'utf8') };
}

const comments = () => github.state.comments.get(7) ?? [];
const requestsTo = (method: string, pattern: RegExp) => github.requests.filter((r) => r.method === method && pattern.test(r.path));

describe('baseline mode, on a push to the default branch', () => {
  it('measures, uploads the baseline with its retention and root directory, and writes the summary', async () => {
    const { run, text } = await recordBaseline(LEAKY);
    const upload = JSON.parse(readFileSync(join(run.artifactDir, 'uploads', 'leakgate-baseline', '.upload.json'), 'utf8'));
    expect(upload).toMatchObject({ name: 'leakgate-baseline', files: ['leakgate-baseline.json'], retentionDays: 90 });
    expect(upload.rootDirectory).toBeTruthy();
    expect(JSON.parse(text)).toMatchObject({ schema: 'leakgate/baseline@1', scenarios: [{ name: LEAKY, leak: { detected: true, kind: 'python' } }] });
    expect(run.outputs.verdict).toBe('fail');
    expect(run.summary).toContain('leakgate');
    // No comment outside a pull request.
    expect(requestsTo('POST', /comments$/)).toEqual([]);
  });
});

describe('check mode, on a pull request', () => {
  it('creates one comment on the first run, leaves it alone when nothing changed, and updates it in place when something did', async () => {
    const first = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: LEAKY } });
    expect(first.exitCode).toBe(1);
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body.startsWith(MARKER)).toBe(true);
    expect(first.outputs['comment-url']).toBe(comments()[0].html_url);
    expect(first.outputs.verdict).toBe('fail');
    expect(schemaErrors(JSON.parse(readFileSync(first.outputs.report, 'utf8')))).toEqual([]);

    const second = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: LEAKY } });
    expect(second.exitCode).toBe(1);
    expect(comments()).toHaveLength(1);
    expect(requestsTo('POST', /comments$/)).toHaveLength(1);
    expect(requestsTo('PATCH', /comments\/\d+$/)).toHaveLength(0);

    const third = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: CLEAN } });
    expect(third.exitCode).toBe(0);
    expect(comments()).toHaveLength(1);
    expect(requestsTo('PATCH', /comments\/\d+$/)).toHaveLength(1);
    expect(comments()[0].body).toContain('no leak');
  });

  it('finds its comment across pages, keeps the oldest of duplicates left by concurrent jobs and deletes the rest', async () => {
    const others = Array.from({ length: 130 }, (_, i) =>
      fakeComment(100 + i, `review comment ${i}`, 'alice', `2026-11-01T00:${String(i % 60).padStart(2, '0')}:00Z`),
    );
    github.state.comments.set(7, [
      ...others.slice(0, 60),
      fakeComment(900, `${MARKER}\nold report`, 'github-actions[bot]', '2026-11-02T00:00:00Z'),
      ...others.slice(60, 120),
      fakeComment(901, `${MARKER}\nduplicate`, 'github-actions[bot]', '2026-11-03T00:00:00Z'),
      fakeComment(902, `${MARKER}\nsomeone quoting our marker`, 'mallory', '2026-11-01T00:00:00Z'),
      ...others.slice(120),
      fakeComment(903, `${MARKER}\nanother duplicate`, 'github-actions[bot]', '2026-11-04T00:00:00Z'),
    ]);
    const run = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: CLEAN } });
    expect(run.exitCode).toBe(0);
    expect(requestsTo('GET', /issues\/7\/comments$/).length).toBeGreaterThanOrEqual(2);
    expect(
      requestsTo('DELETE', /comments\/\d+$/)
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/repos/acme/shop/issues/comments/901', '/repos/acme/shop/issues/comments/903']);
    expect(requestsTo('PATCH', /comments\/\d+$/).map((r) => r.path)).toEqual(['/repos/acme/shop/issues/comments/900']);
    expect(requestsTo('POST', /comments$/)).toEqual([]);
    expect(comments().find((c) => c.id === 902)!.body).toContain('someone quoting our marker');
  });

  it("on a 403 (a fork PR's read-only token) warns with the fix, writes the summary and still applies the gate", async () => {
    github.state.faults.push({
      method: 'POST',
      path: /\/issues\/7\/comments$/,
      status: 403,
      times: 1,
      body: { message: 'Resource not accessible by integration', documentation_url: 'https://docs.github.com/rest/issues/comments#create-an-issue-comment' },
    });
    const run = await runAction({ event: 'pull_request', payload: pullRequestPayload({ fork: true }), apiUrl: github.url, inputs: { scenario: LEAKY } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::warning::leakgate could not comment on pull request #7: HTTP 403: Resource not accessible by integration/);
    expect(run.stdout).toContain('two-workflow pattern');
    expect(run.stdout).toContain('pull-requests: write');
    expect(run.summary).toContain('leakgate: 1 leaking');
    expect(run.summary).toContain('Resource not accessible by integration');
    expect(run.stdout).toMatch(/::error::leakgate: 1 leaking/);
    // A 403 is final: not retried.
    expect(requestsTo('POST', /comments$/)).toHaveLength(1);
  });

  it('retries a 502 from the API and goes on', async () => {
    github.state.faults.push({ method: 'GET', path: /\/actions\/artifacts$/, status: 502, times: 1 });
    const run = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: CLEAN } });
    expect(requestsTo('GET', /\/actions\/artifacts$/)).toHaveLength(2);
    expect(run.exitCode).toBe(0);
    expect(comments()).toHaveLength(1);
  });

  it("uses the newest baseline from a push on the base branch of this repository, never a fork's, an expired one or a pull_request run's", async () => {
    const { text } = await recordBaseline(LEAKY);
    github.requests.length = 0;
    github.state.artifacts = [
      artifact(5, { created_at: '2026-11-20T00:00:00Z', workflow_run: { head_repository_id: 2002 } }), // a fork's own main: newest, rejected
      artifact(4, { created_at: '2026-11-19T00:00:00Z', expired: true }),
      artifact(3, { created_at: '2026-11-18T00:00:00Z', workflow_run: { head_branch: 'release' } }),
      artifact(2, { created_at: '2026-11-17T00:00:00Z' }), // from a pull_request run: rejected by its event
      artifact(1, { created_at: '2026-11-16T00:00:00Z' }),
    ];
    github.state.runs.set(20, { id: 20, event: 'pull_request', head_repository: { id: 1001 } });
    github.state.runs.set(10, {
      id: 10,
      event: 'push',
      head_repository: { id: 1001 },
      head_branch: 'main',
      head_sha: 'abc1234'.padEnd(40, '0'),
      html_url: 'https://github.com/acme/shop/actions/runs/10',
    });
    const dir = mkdtempSync(join(tmpdir(), 'leakgate-store-'));
    storeBaseline(dir, 1, text);
    storeBaseline(dir, 5, '{"schema": "leakgate/baseline@1", "scenarios": "from a fork"}');
    const run = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: LEAKY }, artifactDir: dir });
    const download = JSON.parse(readFileSync(join(downloadFolder(run), '.download.json'), 'utf8'));
    expect(download).toMatchObject({ artifactId: 1, workflowRunId: 10, repositoryOwner: 'acme', repositoryName: 'shop' });
    const report = JSON.parse(readFileSync(run.outputs.report, 'utf8'));
    expect(report.baseline.status).toBe('compared');
    expect(report.scenarios[0].comparison.class).toBe('unchanged');
    expect(run.exitCode).toBe(0);
    expect(comments()[0].body).toContain('➖ known leak, unchanged');
    // The baseline named as people do: its branch, its commit linked to its run, its age; and the head measured.
    expect(comments()[0].body).toMatch(
      /Compared with the baseline from <code>main<\/code> @<a href="https:\/\/github\.com\/acme\/shop\/actions\/runs\/10"><code>abc1234<\/code><\/a>, \d+ days ago/,
    );
    expect(comments()[0].body).toContain(`head <code>${'c'.repeat(7)}</code>`);
  });

  it('with no baseline yet, the gate fails on any leak and the comment says how a baseline gets recorded', async () => {
    const run = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: LEAKY } });
    expect(run.exitCode).toBe(1);
    const body = comments()[0].body;
    expect(body).toContain('No baseline yet');
    expect(body).toContain('no artifact named');
    expect(body).toContain('on each push to the default branch');
  });

  it('a pull request with the accept label passes despite a regression, and the comment says so plainly', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload({ labels: ['bug', 'leakgate:accept'] }),
      apiUrl: github.url,
      inputs: { scenario: LEAKY },
    });
    expect(run.exitCode).toBe(0);
    expect(run.outputs.verdict).toBe('pass');
    expect(comments()[0].body).toContain('Regression accepted');
    expect(comments()[0].body).toContain('The baseline moves when this pull request lands');
  });

  it('cuts an oversized comment under 65,536 characters, keeping the verdict and the table', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: '__tests__/fixtures/scenarios/huge_type_names.py' },
    });
    expect(run.exitCode).toBe(1);
    const body = comments()[0].body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toContain('## ❌ leakgate: 1 leaking');
    expect(body).toContain('| scenario | verdict |');
    // Detail was dropped: the top says so and links the job summary, which is bounded the same way.
    expect(body.indexOf('[job summary](')).toBeGreaterThan(0);
    expect(body.indexOf('[job summary](')).toBeLessThan(body.indexOf('| scenario | verdict |'));
    expect(run.summary.length).toBeLessThanOrEqual(65_536);
    expect(run.summary.indexOf('JSON report')).toBeLessThan(run.summary.indexOf('| scenario | verdict |'));
  });

  it('renders a malicious type name harmless: no mention, no HTML, no broken table, no closed marker', async () => {
    await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: '__tests__/fixtures/scenarios/malicious_names.py' },
    });
    const body = comments()[0].body.replace(/```mermaid[\s\S]*?```/g, '');
    expect(body).toContain('Hostile');
    expect(body).not.toMatch(/@org/);
    expect(body).not.toMatch(/<img/);
    expect(body.split('-->').length).toBe(2); // only our own marker closes a comment
    // In code every character that means something is an entity; in prose a mention gets a zero-width space.
    expect(body).toContain('<code>malicious&#95;names.&#64;org/team &lt;img src=x onerror=alert(1)&gt; &#124; --&gt;</code>');
    expect(body).toContain('@\u200borg/team &lt;img src=x onerror=alert\\(1\\)&gt; \\| -\u200b-&gt;');
  });

  it("links the top sites to their file and line at the pull request's head commit, and annotates them", async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload({ headSha: 'e'.repeat(40) }),
      apiUrl: github.url,
      inputs: { scenario: LEAKY },
    });
    expect(comments()[0].body).toContain(`href="https://github.com/acme/shop/blob/${'e'.repeat(40)}/examples/unbounded_cache/leaky.py#L21"`);
    expect(run.stdout).toMatch(
      /::warning title=leakgate%3A python leak,file=examples\/unbounded_cache\/leaky.py,line=21::\d+\.\d+ KiB per cycle allocated here is never freed/,
    );
  });

  it('keeps tokens and runner secrets away from the scenario', async () => {
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: '__tests__/fixtures/scenarios/no_secrets.py' },
      env: {
        GITHUB_TOKEN: 'ghs_secret',
        ACTIONS_RUNTIME_TOKEN: 'secret',
        ACTIONS_RESULTS_URL: 'https://results',
        ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'secret',
        LEAKGATE_SECRET_PROBE: 'x',
      },
    });
    const report = JSON.parse(readFileSync(run.outputs.report, 'utf8'));
    expect(report.scenarios[0].error).toBeNull();
    expect(run.exitCode).toBe(0);
  });

  it('an artifact service failure is a warning, never a crash', async () => {
    const artifactDir = mkdtempSync(join(tmpdir(), 'leakgate-failing-store-'));
    mkdirSync(join(artifactDir, 'fail'), { recursive: true });
    const run = await runAction({ event: 'push', payload: pushPayload(), apiUrl: github.url, inputs: { scenario: CLEAN }, artifactDir });
    expect(run.exitCode).toBe(0);
    expect(run.stdout).toMatch(/::warning::leakgate could not upload the baseline as artifact 'leakgate-baseline' \(artifact service unavailable/);
  });

  it.each([
    { input: 'cycles', value: 'ten', message: "input 'cycles' must be an integer from 10 to 1000000, but got 'ten'" },
    { input: 'mode', value: 'sometimes', message: "input 'mode' must be one of auto, check, baseline, comment, merge, but got 'sometimes'" },
    { input: 'comment', value: 'loudly', message: "input 'comment' must be one of always, on-change, on-failure, never, but got 'loudly'" },
    { input: 'fail-on', value: 'anything', message: "input 'fail-on' must be one of regression, leak, never, but got 'anything'" },
    { input: 'retention-days', value: '400', message: "input 'retention-days' must be an integer from 1 to 90, but got '400'" },
  ])('an invalid input $input fails at once, naming the input, the value and what is accepted', async ({ input, value, message }) => {
    const run = await runAction({ event: 'pull_request', payload: pullRequestPayload(), apiUrl: github.url, inputs: { scenario: CLEAN, [input]: value } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`::error::${message}`);
    expect(github.requests).toEqual([]);
  });
});

describe('fan-out across runners: legs with shard, then one merge job', () => {
  it("merges the legs' reports, reports a missing leg as an error, comments once and gates once", async () => {
    const store = mkdtempSync(join(tmpdir(), 'leakgate-fanout-'));
    const scenarios = `${LEAKY}\n${CLEAN}\nexamples/fd_leak/clean.py`;
    const legs = [];
    for (const shard of ['1/3', '2/3']) {
      const leg = await runAction({
        event: 'pull_request',
        payload: pullRequestPayload(),
        apiUrl: github.url,
        inputs: { scenario: scenarios, shard },
        artifactDir: store,
      });
      // A leg does not comment and does not fail: the merge job does both, once.
      expect(leg.exitCode).toBe(0);
      legs.push(leg);
    }
    expect(comments()).toHaveLength(0);
    const artifacts = ['1-of-3', '2-of-3'].map((suffix, i) => {
      const name = `leakgate-report-shard-${suffix}`;
      mkdirSync(join(store, 'artifacts', String(70 + i)), { recursive: true });
      writeFileSync(join(store, 'artifacts', String(70 + i), 'leakgate-report.json'), readFileSync(join(store, 'uploads', name, 'leakgate-report.json')));
      return {
        id: 70 + i,
        name,
        expired: false,
        created_at: '2026-11-21T00:00:00Z',
        workflow_run: { id: 9001, repository_id: 1001, head_repository_id: 1001, head_branch: 'feature', head_sha: 'c'.repeat(40) },
      };
    });
    github.state.runs.set(9001, { id: 9001, event: 'pull_request', head_repository: { id: 1001 }, artifacts });
    const merge = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { mode: 'merge', legs: '3' },
      artifactDir: store,
    });
    const report = JSON.parse(readFileSync(merge.outputs.report, 'utf8'));
    expect(report.scenarios.map((s: { name: string; verdict: string }) => [s.name, s.verdict])).toEqual([
      [LEAKY, 'fail'],
      [CLEAN, 'pass'],
      ['(shard 3/3)', 'error'],
    ]);
    expect(merge.stdout).toContain("shard 3/3 no artifact 'leakgate-report-shard-3-of-3' in this workflow run");
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toContain('shard 3/3 produced no usable report');
    expect(merge.exitCode).toBe(1);
  });
});

describe('comment mode, the fork-safe pattern on workflow_run', () => {
  it("downloads the PR run's report, validates it, finds the PR by head SHA and posts the comment", async () => {
    const headSha = 'f'.repeat(40);
    const prRun = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload({ fork: true, headSha }),
      apiUrl: github.url,
      inputs: { scenario: LEAKY, comment: 'never' },
    });
    expect(comments()).toHaveLength(0);
    const uploaded = join(prRun.artifactDir, 'uploads', 'leakgate-report', 'leakgate-report.json');
    expect(existsSync(uploaded)).toBe(true);
    const store = prRun.artifactDir;
    mkdirSync(join(store, 'artifacts', '77'), { recursive: true });
    writeFileSync(join(store, 'artifacts', '77', 'leakgate-report.json'), readFileSync(uploaded));
    github.state.runs.set(555, {
      id: 555,
      event: 'pull_request',
      head_repository: { id: 2002 },
      artifacts: [
        {
          id: 77,
          name: 'leakgate-report',
          expired: false,
          created_at: '2026-11-21T00:00:00Z',
          workflow_run: { id: 555, repository_id: 1001, head_repository_id: 2002, head_branch: 'feature', head_sha: headSha },
        },
      ],
    });
    github.state.pulls = [
      { number: 3, state: 'open', head: { sha: '1'.repeat(40), ref: 'other', label: 'mallory:other' } },
      { number: 7, state: 'open', head: { sha: headSha, ref: 'feature', label: 'mallory:feature' } },
    ];
    const run = await runAction({
      event: 'workflow_run',
      payload: workflowRunPayload(555, headSha),
      apiUrl: github.url,
      inputs: { mode: 'comment' },
      artifactDir: store,
    });
    expect(run.exitCode).toBe(0);
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toContain('leakgate: 1 leaking');
    expect(requestsTo('GET', /\/pulls$/)[0].url).toContain('head=mallory%3Afeature');
    expect(run.outputs.verdict).toBe('fail');
  });

  it('refuses a tampered report and posts nothing', async () => {
    const store = mkdtempSync(join(tmpdir(), 'leakgate-tampered-'));
    mkdirSync(join(store, 'artifacts', '78'), { recursive: true });
    writeFileSync(
      join(store, 'artifacts', '78', 'leakgate-report.json'),
      JSON.stringify({ schema: 'leakgate/report@1', verdict: 'pass', pr: 1, scenarios: [{ name: '<script>' }] }),
    );
    github.state.runs.set(556, {
      id: 556,
      event: 'pull_request',
      head_repository: { id: 2002 },
      artifacts: [
        {
          id: 78,
          name: 'leakgate-report',
          expired: false,
          created_at: '2026-11-21T00:00:00Z',
          workflow_run: { id: 556, repository_id: 1001, head_repository_id: 2002, head_branch: 'feature', head_sha: 'f'.repeat(40) },
        },
      ],
    });
    github.state.pulls = [{ number: 7, state: 'open', head: { sha: 'f'.repeat(40), ref: 'feature', label: 'mallory:feature' } }];
    const run = await runAction({
      event: 'workflow_run',
      payload: workflowRunPayload(556, 'f'.repeat(40)),
      apiUrl: github.url,
      inputs: { mode: 'comment' },
      artifactDir: store,
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain('does not match the report schema');
    expect(requestsTo('POST', /comments$/)).toEqual([]);
  });
});

describe('the production entry (src/index.ts, what dist/index.js is built from)', () => {
  it("measures with the runner's inputs and uploads through GitHub's artifact service, never the test folder", async () => {
    const run = await runAction({ production: true, event: 'push', payload: pushPayload(), apiUrl: github.url, inputs: { scenario: CLEAN } });
    expect(run.outputs.verdict).toBe('pass');
    // Outside a runner GitHub's artifact service has no token: the upload is a warning, and the folder store saw nothing.
    expect(run.stdout).toMatch(/::warning::leakgate could not upload the baseline as artifact 'leakgate-baseline' \(Unable to get the ACTIONS_RUNTIME_TOKEN/);
    expect(readdirSync(run.artifactDir)).toEqual([]);
    expect(run.exitCode).toBe(0);
  });
});

/** The folder the file-backed store downloaded the baseline into (beside the report). */
function downloadFolder(run: ActionRun): string {
  const temp = join(run.outputs.report, '..');
  const folder = readdirSync(temp).find((name) => name.startsWith('baseline-') && name !== 'baseline-upload');
  if (!folder) throw new Error(`no baseline was downloaded into ${temp}`);
  return join(temp, folder);
}
