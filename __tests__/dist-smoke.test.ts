/**
 * The one test of what users run: the built dist/cli.js and dist/index.js (every other test runs
 * src/). It shows the bundle starts, finds its bundled harness (dist/python/) and reaches a
 * verdict and its report. That dist/ is what src/ builds to is `npm run check-dist`'s job.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import type { Report } from '../src/report/types.js';
import { CHILD_ENV, leakSiteLine, NODE, ROOT } from './helpers/cli.js';
import { startFakeGitHub } from './helpers/github-server.js';

const LEAKY = 'examples/unbounded_cache/leaky.py';
const CLEAN = 'examples/unbounded_cache/clean.py';

/** Run dist/cli.js on one scenario and read its JSON report. */
async function builtCli(target: string): Promise<{ exitCode: number; stdout: string; report: Report }> {
  const json = join(mkdtempSync(join(tmpdir(), 'leakgate-dist-smoke-')), 'report.json');
  const result = await execa(NODE, [join(ROOT, 'dist', 'cli.js'), 'run', target, '--json', json], {
    cwd: ROOT,
    env: { ...CHILD_ENV, CI: 'true', NO_COLOR: '1' },
    reject: false,
    timeout: 180_000,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), report: JSON.parse(readFileSync(json, 'utf8')) as Report };
}

describe('the built command line (dist/cli.js)', () => {
  it('fails a leaky example, naming the line that leaks', async () => {
    const { exitCode, stdout, report } = await builtCli(LEAKY);
    expect(exitCode).toBe(1);
    expect(report.verdict).toBe('fail');
    const scenario = report.scenarios[0];
    expect(scenario.leak.kind).toBe('python');
    expect(`${scenario.sites[0].file}:${scenario.sites[0].line}`).toBe(`${LEAKY}:${leakSiteLine(join(ROOT, LEAKY))}`);
    expect(stdout).toContain(LEAKY);
  });

  it('passes the clean example', async () => {
    const { exitCode, report } = await builtCli(CLEAN);
    expect(exitCode).toBe(0);
    expect(report.verdict).toBe('pass');
    expect(report.scenarios[0].leak.reasons).toEqual([]);
  });
});

describe('the built action (dist/index.js)', () => {
  it('on a pull request with no baseline yet: measures the leak, comments through the API, writes the outputs and the summary, and fails the step', async () => {
    const github = await startFakeGitHub();
    try {
      const folder = mkdtempSync(join(tmpdir(), 'leakgate-dist-smoke-action-'));
      const files = { event: join(folder, 'event.json'), output: join(folder, 'output.txt'), summary: join(folder, 'summary.md') };
      const repository = { id: 1001, name: 'shop', full_name: 'acme/shop', default_branch: 'main', owner: { login: 'acme' } };
      const pullRequest = {
        number: 7,
        labels: [],
        base: { ref: 'main', sha: 'b'.repeat(40), repo: repository },
        head: { ref: 'feature', sha: 'c'.repeat(40), repo: repository },
      };
      writeFileSync(files.event, JSON.stringify({ action: 'synchronize', number: 7, repository, pull_request: pullRequest }));
      writeFileSync(files.output, '');
      writeFileSync(files.summary, '');
      // The runner's environment, as GitHub sets it for a node24 action (no artifact service: none is needed without a baseline).
      const result = await execa(NODE, [join(ROOT, 'dist', 'index.js')], {
        cwd: ROOT,
        reject: false,
        timeout: 240_000,
        extendEnv: false,
        env: {
          PATH: process.env.PATH ?? '',
          HOME: process.env.HOME ?? '',
          ...CHILD_ENV,
          INPUT_SCENARIO: LEAKY,
          'INPUT_GITHUB-TOKEN': 'ghs_test_token_1234',
          GITHUB_ACTIONS: 'true',
          CI: 'true',
          GITHUB_EVENT_NAME: 'pull_request',
          GITHUB_EVENT_PATH: files.event,
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_API_URL: github.url,
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_WORKFLOW: 'leakgate',
          GITHUB_JOB: 'memory',
          GITHUB_RUN_ID: '9001',
          GITHUB_SHA: 'c'.repeat(40),
          GITHUB_REF: 'refs/pull/7/merge',
          GITHUB_OUTPUT: files.output,
          GITHUB_STEP_SUMMARY: files.summary,
          RUNNER_TEMP: folder,
        },
      });
      expect(result.exitCode).toBe(1);
      expect(readFileSync(files.output, 'utf8')).toMatch(/^verdict<<(.+)\nfail\n\1$/m);
      expect(readFileSync(files.summary, 'utf8')).toContain(LEAKY);
      const posted = github.requests.filter((r) => r.method === 'POST' && /\/repos\/acme\/shop\/issues\/7\/comments$/.test(r.path));
      expect(posted).toHaveLength(1);
      expect(posted[0].body.body).toContain('<!-- leakgate-comment workflow="leakgate" job="memory" -->');
      expect(posted[0].body.body).toContain(LEAKY);
      const report = JSON.parse(readFileSync(join(folder, 'leakgate', 'leakgate-report.json'), 'utf8')) as Report;
      expect(report.scenarios[0].leak.kind).toBe('python');
    } finally {
      await github.close();
    }
  });
});
