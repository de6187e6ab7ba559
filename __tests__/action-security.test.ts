/**
 * The action under attack and under faults, as issue 11 and issue 10 §2 ran them:
 * pull request code on a privileged event, hostile names on the runner's command channel,
 * a full disk, a hung API and a cancelled job. The action runs from src/ as a child process
 * (helpers/action-entry.ts) against the loopback GitHub and a folder-backed artifact store.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pullRequestPayload, pullRequestTargetPayload, pushPayload, runAction, workflowCommands, workflowRunPayload } from './helpers/action.js';
import { type FakeGitHub, startFakeGitHub } from './helpers/github-server.js';

const LEAKY = 'examples/unbounded_cache/leaky.py';
const CLEAN = 'examples/unbounded_cache/clean.py';
/** Few cycles: these tests are about what happens around the measurement. */
const QUICK = { cycles: '20', warmup: '2' };

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub();
});
afterEach(async () => {
  await github.close();
});

const comments = () => github.state.comments.get(7) ?? [];
const requestsTo = (method: string, pattern: RegExp) => github.requests.filter((r) => r.method === method && pattern.test(r.path));

/** A scenario that leaves a file behind when it is imported: proof that pull request code ran. */
function scenarioThatMarks(): { target: string; marker: string } {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-pwn-'));
  const marker = join(folder, 'ran');
  const target = join(folder, 'pwn.py');
  writeFileSync(target, `open(${JSON.stringify(marker)}, "w").write("pull request code ran")\n\ndef cycle():\n    pass\n`);
  return { target, marker };
}

describe('pull request code never runs next to a write token by default', () => {
  it('refuses pull_request_target in mode auto before any request or any scenario, pointing to the fork-safe pair', async () => {
    const { target, marker } = scenarioThatMarks();
    const run = await runAction({ event: 'pull_request_target', payload: pullRequestTargetPayload(), apiUrl: github.url, inputs: { scenario: target } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::leakgate refuses to run scenarios here: the 'pull_request_target' event runs with a write token/);
    expect(run.stdout).toContain('examples/workflows/leakgate-fork-pr.yml');
    expect(run.stdout).toContain('leakgate-fork-comment.yml');
    expect(run.stdout).toContain('allow-privileged-pr-code: true');
    expect(existsSync(marker)).toBe(false);
    expect(github.requests).toEqual([]);
  });

  it.each([
    { event: 'workflow_run' as const, mode: 'baseline', payload: workflowRunPayload(555, 'f'.repeat(40)) },
    {
      event: 'issue_comment' as const,
      mode: 'baseline',
      payload: { ...pushPayload(), comment: { body: '/leakgate' }, issue: { number: 7, pull_request: {} } },
    },
    { event: 'pull_request_target' as const, mode: 'check', payload: pullRequestTargetPayload() },
  ])('refuses $event with an explicit mode $mode that runs scenarios', async ({ event, mode, payload }) => {
    const { target, marker } = scenarioThatMarks();
    const run = await runAction({ event, payload, apiUrl: github.url, inputs: { scenario: target, mode } });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain(`::error::leakgate refuses to run scenarios here: the '${event}' event`);
    expect(existsSync(marker)).toBe(false);
    expect(github.requests).toEqual([]);
  });

  it('runs on pull_request_target only with allow-privileged-pr-code: true, and warns that it does', async () => {
    const { target, marker } = scenarioThatMarks();
    const run = await runAction({
      event: 'pull_request_target',
      payload: pullRequestTargetPayload(),
      apiUrl: github.url,
      inputs: { scenario: target, 'allow-privileged-pr-code': 'true', ...QUICK },
    });
    expect(existsSync(marker)).toBe(true);
    expect(run.stdout).toMatch(/::warning::leakgate runs scenarios on 'pull_request_target' because allow-privileged-pr-code is true/);
    expect(run.exitCode).toBe(0);
    expect(comments()).toHaveLength(1);
    expect(run.summary).toContain('allow-privileged-pr-code is true');
  });

  it('an allow-privileged-pr-code that is neither true nor false is refused, naming the input and the value', async () => {
    const run = await runAction({
      event: 'pull_request_target',
      payload: pullRequestTargetPayload(),
      apiUrl: github.url,
      inputs: { scenario: CLEAN, 'allow-privileged-pr-code': 'yes please' },
    });
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toContain("::error::input 'allow-privileged-pr-code' must be true or false, but got 'yes please'");
  });
});

describe('nothing the scenario names reaches the runner as a workflow command', () => {
  const HOSTILE = 'K\n::error file=app.py,line=1::forged\n::add-mask::leakgate';

  it('a growing type and a scenario named with workflow commands print as text, not commands', async () => {
    const project = mkdtempSync(join(tmpdir(), 'leakgate-hostile-'));
    writeFileSync(
      join(project, 'hostile.py'),
      [
        '_kept = []',
        `Hostile = type(${JSON.stringify(HOSTILE)}, (), {})`,
        `Hostile.__qualname__ = ${JSON.stringify(HOSTILE)}`,
        '',
        'def cycle():',
        '    _kept.append([Hostile() for _ in range(20)])  # leakgate: leak-site',
        '',
      ].join('\n'),
    );
    writeFileSync(
      join(project, 'leakgate.toml'),
      `[[scenarios]]\nname = ${JSON.stringify(`hostile\n::add-mask::leakgate\n::error file=app.py,line=1::forged by name`)}\ntarget = "hostile.py"\n`,
    );
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { 'working-directory': project, ...QUICK },
    });
    const report = JSON.parse(readFileSync(run.outputs.report, 'utf8'));
    // The attack reached the report: the hostile type is among the growing types.
    expect(report.scenarios[0].types.map((t: { type: string }) => t.type).join('\n')).toContain('::add-mask::leakgate');
    expect(run.exitCode).toBe(1);
    for (const output of [run.stdout, run.stderr]) {
      const lines = output.split(/\r\n|\r|\n/).map((line) => line.trim());
      expect(lines.filter((line) => line.startsWith('::error file=app.py') || line.startsWith('::add-mask::'))).toEqual([]);
      const commands = workflowCommands(output);
      expect(commands.filter((c) => c.command === 'add-mask')).toEqual([]);
      expect(commands.filter((c) => c.properties.file === 'app.py')).toEqual([]);
    }
    // The text is still there for people to read.
    expect(run.stdout).toContain('add-mask');
    expect(run.stdout).toContain('forged');
  });
});

describe('a full disk degrades, never silences', () => {
  it('with the report file, the job summary and the outputs unwritable, still comments and fails the gate, naming what was not written and why', async () => {
    const runnerTemp = mkdtempSync(join(tmpdir(), 'leakgate-full-'));
    // A folder where the report file should go: the report cannot be written.
    mkdirSync(join(runnerTemp, 'leakgate', 'leakgate-report.json', 'occupied'), { recursive: true });
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: LEAKY, ...QUICK },
      // /dev/full answers every write with ENOSPC, as a full disk does.
      env: { RUNNER_TEMP: runnerTemp, GITHUB_STEP_SUMMARY: '/dev/full', GITHUB_OUTPUT: '/dev/full' },
    });
    expect(run.stdout).toMatch(/::warning::leakgate could not write the JSON report to .*leakgate-report\.json \(E[A-Z]+/);
    expect(run.stdout).toMatch(/::warning::leakgate could not write the job summary to \/dev\/full \(ENOSPC/);
    expect(run.stdout).toMatch(/::warning::leakgate could not set the step's outputs in \/dev\/full \(ENOSPC/);
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toContain('leakgate: 1 leaking');
    expect(run.stdout).toMatch(/::error::leakgate: 1 leaking/);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).not.toMatch(/::error::E[A-Z]+:/);
  });

  it('with RUNNER_TEMP unusable and the artifact service failing, records what it can, warns, and passes a clean run', async () => {
    const artifactDir = mkdtempSync(join(tmpdir(), 'leakgate-failing-store-'));
    mkdirSync(join(artifactDir, 'fail'), { recursive: true });
    const run = await runAction({
      event: 'push',
      payload: pushPayload(),
      apiUrl: github.url,
      inputs: { scenario: CLEAN },
      artifactDir,
      env: { RUNNER_TEMP: '/dev/full/runner-temp', GITHUB_STEP_SUMMARY: '/dev/full' },
    });
    expect(run.stdout).toMatch(/::warning::leakgate could not make its folder \/dev\/full\/runner-temp\/leakgate \(ENOTDIR.*it writes its files to /);
    expect(run.stdout).toMatch(/::warning::leakgate could not upload the baseline as artifact 'leakgate-baseline' \(artifact service unavailable/);
    expect(run.stdout).toMatch(/::warning::leakgate could not write the job summary to \/dev\/full \(ENOSPC/);
    expect(run.outputs.verdict).toBe('pass');
    expect(existsSync(run.outputs.report)).toBe(true);
    expect(run.exitCode).toBe(0);
  });
});

describe('every GitHub request has a timeout', () => {
  it('gives up on an API that does not answer, retries, warns, and still comments and fails the gate', async () => {
    // Answers after 60 s, with an empty list: an action that waited it out would not warn.
    github.state.faults.push({
      method: 'GET',
      path: /\/actions\/artifacts$/,
      status: 200,
      times: 100,
      body: { total_count: 0, artifacts: [] },
      delayMs: 60_000,
    });
    const started = Date.now();
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: LEAKY, 'api-timeout-seconds': '2', ...QUICK },
    });
    const seconds = (Date.now() - started) / 1000;
    // The first try and plugin-retry's two retries, each given up after 2 s.
    expect(requestsTo('GET', /\/actions\/artifacts$/)).toHaveLength(3);
    expect(run.stdout).toMatch(
      /::warning::leakgate could not list the baseline artifacts \(HTTP 500: no answer from GitHub within 2 s \(GET http:\/\/127\.0\.0\.1:\d+\/repos\/acme\/shop\/actions\/artifacts\)/,
    );
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toContain('No baseline yet');
    expect(run.exitCode).toBe(1);
    // Three tries of 60 s would be 180 s.
    expect(seconds).toBeLessThan(60);
  });

  it('stops calling an API that hangs on every request, and still applies the gate', async () => {
    github.state.faults.push(
      { method: 'GET', path: /./, status: 200, times: 1000, body: {}, delayMs: 60_000 },
      { method: 'POST', path: /./, status: 201, times: 1000, body: {}, delayMs: 60_000 },
    );
    const started = Date.now();
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: LEAKY, 'api-timeout-seconds': '1', ...QUICK },
    });
    const seconds = (Date.now() - started) / 1000;
    expect(run.stdout).toContain("GitHub's API did not answer the last 6 requests within 1 s, so leakgate stopped calling it");
    expect(run.stdout).toMatch(/::warning::leakgate could not comment on pull request #7/);
    // Two requests with their retries timed out; every later one failed at once.
    expect(github.requests.length).toBeLessThanOrEqual(6);
    expect(run.exitCode).toBe(1);
    expect(run.stdout).toMatch(/::error::leakgate: 1 leaking/);
    expect(seconds).toBeLessThan(60);
  });
});

describe('a cancelled job still reports', () => {
  it('on SIGINT stops, writes the summary and the comment with verdict error "interrupted", and exits 130', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-cancel-'));
    const target = join(folder, 'slow.py');
    // Slow cycles; it ends itself if it outlives the action (its parent changes).
    writeFileSync(
      target,
      [
        'import os, time',
        'PARENT = os.getppid()',
        '',
        'def cycle():',
        '    for _ in range(10):',
        '        if os.getppid() != PARENT:',
        '            os._exit(0)',
        '        time.sleep(0.05)',
        '',
      ].join('\n'),
    );
    const run = await runAction({
      event: 'pull_request',
      payload: pullRequestPayload(),
      apiUrl: github.url,
      inputs: { scenario: target, cycles: '400' },
      interrupt: { when: /: measure/, signal: 'SIGINT' },
    });
    expect(run.exitCode).toBe(130);
    expect(run.stdout).toMatch(/::warning::leakgate: SIGINT received/);
    expect(run.outputs.verdict).toBe('error');
    expect(run.summary).toMatch(/interrupted/i);
    expect(comments()).toHaveLength(1);
    expect(comments()[0].body).toMatch(/interrupted/i);
  });
});
