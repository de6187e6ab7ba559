/**
 * Run the action from src/ as the runner runs it: a child process with INPUT_* variables, an
 * event payload file, and real GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files. The child is
 * action-entry.ts (runAction with a folder-backed artifact store), run by Node 24 through
 * scripts/src-loader.mjs, so a change to src/ is seen without a build.
 */

import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { CHILD_ENV, ROOT } from './cli.js';

/** Node 24 (the node@24 devDependency): it strips the types of src/*.ts itself. */
export const NODE = join(ROOT, 'node_modules', '.bin', 'node');
export const ACTION_ENTRY = join(ROOT, '__tests__', 'helpers', 'action-entry.ts');
/** What action.yml's dist/index.js is built from: runAction with GitHub's artifact service. */
export const PRODUCTION_ENTRY = join(ROOT, 'src', 'index.ts');
const SRC_LOADER = join(ROOT, 'scripts', 'src-loader.mjs');

export interface ActionRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  artifactDir: string;
}

export interface ActionOptions {
  inputs: Record<string, string>;
  event: 'push' | 'pull_request' | 'pull_request_target' | 'issue_comment' | 'workflow_run' | 'workflow_dispatch';
  payload: object;
  apiUrl: string;
  /** Folder of the file-backed artifact store; made fresh when not given. */
  artifactDir?: string;
  env?: Record<string, string>;
  ref?: string;
  sha?: string;
  /** Run src/index.ts (GitHub's artifact service, which needs a runner) instead of the test entry (the folder store). */
  production?: boolean;
  /** Send `signal` to the action once its stderr or stdout matches `when` (a cancelled job). */
  interrupt?: { when: RegExp; signal: NodeJS.Signals };
}

/** Parse GITHUB_OUTPUT's `name<<DELIMITER … DELIMITER` records. */
export function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = lines[i].match(/^([^<]+)<<(.+)$/);
    if (!m) continue;
    const value: string[] = [];
    for (i += 1; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i]);
    outputs[m[1]] = value.join('\n');
  }
  return outputs;
}

/** Run the action once. */
export async function runAction(options: ActionOptions): Promise<ActionRun> {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-action-'));
  const eventPath = join(folder, 'event.json');
  writeFileSync(eventPath, JSON.stringify(options.payload));
  const outputPath = join(folder, 'output.txt');
  const summaryPath = join(folder, 'summary.md');
  writeFileSync(outputPath, '');
  writeFileSync(summaryPath, '');
  const runnerTemp = join(folder, 'runner-temp');
  mkdirSync(runnerTemp);
  const artifactDir = options.artifactDir ?? join(folder, 'artifacts');
  mkdirSync(artifactDir, { recursive: true });
  const inputs = Object.fromEntries(
    Object.entries({ 'github-token': 'ghs_test_token_1234', ...options.inputs }).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]),
  );
  const entry = options.production ? [PRODUCTION_ENTRY] : [ACTION_ENTRY, artifactDir];
  const child = execa(NODE, ['--import', SRC_LOADER, ...entry], {
    cwd: ROOT,
    reject: false,
    timeout: 240_000,
    extendEnv: false,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      ...CHILD_ENV,
      ...inputs,
      GITHUB_ACTIONS: 'true',
      CI: 'true',
      GITHUB_EVENT_NAME: options.event,
      GITHUB_EVENT_PATH: eventPath,
      GITHUB_REPOSITORY: 'acme/shop',
      GITHUB_API_URL: options.apiUrl,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_WORKFLOW: 'leakgate',
      GITHUB_JOB: 'memory',
      GITHUB_RUN_ID: '9001',
      GITHUB_SHA: options.sha ?? 'a'.repeat(40),
      GITHUB_REF: options.ref ?? 'refs/heads/main',
      GITHUB_OUTPUT: outputPath,
      GITHUB_STEP_SUMMARY: summaryPath,
      RUNNER_TEMP: runnerTemp,
      ...options.env,
    },
  });
  if (options.interrupt) {
    const { when, signal } = options.interrupt;
    let seen = '';
    let sent = false;
    const watch = (chunk: Buffer) => {
      seen += chunk.toString('utf8');
      if (!sent && when.test(seen)) {
        sent = true;
        child.kill(signal);
      }
    };
    child.stdout?.on('data', watch);
    child.stderr?.on('data', watch);
  }
  const result = await child;
  return {
    exitCode: result.exitCode ?? -1,
    stdout: String(result.stdout),
    stderr: String(result.stderr),
    outputs: parseOutputs(readFileSync(outputPath, 'utf8')),
    summary: existsSync(summaryPath) ? readFileSync(summaryPath, 'utf8') : '',
    artifactDir,
  };
}

const REPOSITORY = { id: 1001, name: 'shop', full_name: 'acme/shop', default_branch: 'main', owner: { login: 'acme' } };

/** A pull_request payload for PR #7 from a branch of this repository (or a fork). */
export function pullRequestPayload(options: { labels?: string[]; fork?: boolean; headSha?: string } = {}): object {
  const headRepo = options.fork ? { id: 2002, full_name: 'mallory/shop', owner: { login: 'mallory' } } : REPOSITORY;
  return {
    action: 'synchronize',
    number: 7,
    repository: REPOSITORY,
    pull_request: {
      number: 7,
      labels: (options.labels ?? []).map((name) => ({ name })),
      base: { ref: 'main', sha: 'b'.repeat(40), repo: REPOSITORY },
      head: { ref: 'feature', sha: options.headSha ?? 'c'.repeat(40), repo: headRepo },
    },
  };
}

export function pushPayload(): object {
  return { ref: 'refs/heads/main', repository: REPOSITORY, head_commit: { id: 'a'.repeat(40) } };
}

export function workflowRunPayload(runId: number, headSha: string): object {
  return {
    action: 'completed',
    repository: REPOSITORY,
    workflow_run: {
      id: runId,
      name: 'leakgate (pull request)',
      event: 'pull_request',
      head_sha: headSha,
      head_branch: 'feature',
      head_repository: { id: 2002, full_name: 'mallory/shop', owner: { login: 'mallory' } },
      pull_requests: [],
    },
  };
}

export interface WorkflowCommand {
  command: string;
  properties: Record<string, string>;
  data: string;
}

/**
 * The workflow commands the runner would act on in this output, parsed as the runner does:
 * each line trimmed, `::name k=v,…::data` at its start, the old `##[name k=v;…]data`
 * anywhere, and nothing but the resume token between `::stop-commands::TOKEN` and `::TOKEN::`.
 */
export function workflowCommands(output: string): WorkflowCommand[] {
  const commands: WorkflowCommand[] = [];
  let stopToken: string | null = null;
  for (const raw of output.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (stopToken !== null) {
      if (line === `::${stopToken}::`) stopToken = null;
      continue;
    }
    const v2 = line.match(/^::([^\s:]+)(?: ([^:]*))?::(.*)$/);
    if (v2) {
      const properties = Object.fromEntries(
        (v2[2] ?? '')
          .split(',')
          .filter(Boolean)
          .map((p) => [p.split('=')[0], p.split('=').slice(1).join('=')]),
      );
      if (v2[1] === 'stop-commands') stopToken = v2[3];
      else commands.push({ command: v2[1], properties, data: v2[3] });
      continue;
    }
    const v1 = raw.match(/##\[([^\s\]]+)(?: ([^\]]*))?\](.*)$/);
    if (v1)
      commands.push({
        command: v1[1],
        properties: Object.fromEntries(
          (v1[2] ?? '')
            .split(';')
            .filter(Boolean)
            .map((p) => [p.split('=')[0], p.split('=').slice(1).join('=')]),
        ),
        data: v1[3],
      });
  }
  return commands;
}

/** A pull_request_target payload: the same pull request, run in the base repository's context. */
export function pullRequestTargetPayload(): object {
  return { ...pullRequestPayload({ fork: true }), action: 'opened' };
}
