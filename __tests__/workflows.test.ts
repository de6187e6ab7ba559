/**
 * The example workflows in examples/workflows and the action's metadata, action.yml: every
 * workflow parses, grants explicit permissions and passes leakgate only inputs it declares;
 * the fork-safe pair keeps its write token away from pull request code.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { ACTION_INPUTS } from '../src/adapters/action/inputs.js';
import { NUMERIC_SETTINGS } from '../src/settings/constants.js';

const ROOT = resolve(import.meta.dirname, '..');
const WORKFLOWS = join(ROOT, 'examples', 'workflows');

type Json = Record<string, any>;

interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  with?: Json;
}

const action = parse(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as Json;
const INPUTS: string[] = Object.keys(action.inputs ?? {});

const FILES = readdirSync(WORKFLOWS)
  .filter((f) => f.endsWith('.yml'))
  .sort();

function workflow(file: string): Json {
  return parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as Json;
}

/** Every step of every job, with the job's id. */
function steps(wf: Json): { job: string; step: Step }[] {
  return Object.entries((wf.jobs ?? {}) as Json).flatMap(([job, body]) => ((body?.steps ?? []) as Step[]).map((step) => ({ job, step })));
}

const isLeakgate = (step: Step): boolean => typeof step.uses === 'string' && step.uses.startsWith('leakgate/leakgate@');

/** The `with:` keys of leakgate steps that action.yml does not declare, as `job/step: key`. */
function unknownLeakgateInputs(wf: Json, inputs: readonly string[]): string[] {
  const known = new Set(inputs);
  return steps(wf)
    .filter(({ step }) => isLeakgate(step))
    .flatMap(({ job, step }) =>
      Object.keys(step.with ?? {})
        .filter((key) => !known.has(key))
        .map((key) => `${job}/${step.name ?? step.id ?? step.uses}: ${key}`),
    );
}

/** The permissions a job runs with: its own block, or the workflow's. */
function permissionsOf(wf: Json, job: string): Json | string | undefined {
  return wf.jobs?.[job]?.permissions ?? wf.permissions;
}

/** One job's effective permissions, as an object (only the map form is used in the examples). */
function grants(wf: Json, job: string): Json {
  const permissions = permissionsOf(wf, job);
  return typeof permissions === 'object' && permissions !== null ? permissions : {};
}

function leakgateSteps(file: string): Step[] {
  return steps(workflow(file))
    .filter(({ step }) => isLeakgate(step))
    .map(({ step }) => step);
}

describe('the example workflows', () => {
  it('include the one-file setup, the fork-safe pair, the matrix fan-out and the pytest one', () => {
    expect(FILES).toEqual(['leakgate-fork-comment.yml', 'leakgate-fork-pr.yml', 'leakgate-matrix.yml', 'leakgate-pytest.yml', 'leakgate.yml']);
  });

  it.each(FILES)('%s parses and has on, jobs and permissions for every job', (file) => {
    const wf = workflow(file);
    expect(typeof wf).toBe('object');
    expect(wf.on).toBeDefined();
    expect(Object.keys(wf.jobs ?? {}).length).toBeGreaterThan(0);
    for (const job of Object.keys(wf.jobs)) expect(permissionsOf(wf, job)).toBeDefined();
  });

  it.each(FILES)('%s uses leakgate/leakgate@v0 at least once', (file) => {
    const uses = leakgateSteps(file).map((s) => s.uses);
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(u).toBe('leakgate/leakgate@v0');
  });

  it.each(FILES)('%s passes leakgate only inputs that action.yml declares', (file) => {
    expect(unknownLeakgateInputs(workflow(file), INPUTS)).toEqual([]);
  });

  it.each(FILES)('%s never grants write access beyond pull-requests', (file) => {
    const wf = workflow(file);
    for (const job of Object.keys(wf.jobs)) {
      const writes = Object.entries(grants(wf, job)).filter(([, level]) => level === 'write');
      expect(writes.map(([scope]) => scope).filter((scope) => scope !== 'pull-requests')).toEqual([]);
    }
  });

  it.each(FILES)('%s is never triggered by an event that runs pull request code with a write token', (file) => {
    const on = workflow(file).on;
    const events = typeof on === 'string' ? [on] : Array.isArray(on) ? on : Object.keys(on ?? {});
    expect(events.filter((event: string) => ['pull_request_target', 'issue_comment'].includes(event))).toEqual([]);
  });

  it.each(FILES)('%s never sets allow-privileged-pr-code', (file) => {
    for (const step of leakgateSteps(file)) expect(step.with?.['allow-privileged-pr-code']).toBeUndefined();
  });

  it.each(FILES)('%s checks out without leaving a token in .git/config', (file) => {
    for (const { step } of steps(workflow(file)).filter(({ step }) => step.uses?.startsWith('actions/checkout@'))) {
      expect(step.with?.['persist-credentials']).toBe(false);
    }
  });
});

describe('the input check', () => {
  const synthetic = (withInputs: Json | undefined): Json => ({
    on: { pull_request: null },
    permissions: { contents: 'read' },
    jobs: {
      gate: {
        steps: [
          { uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } },
          { name: 'leakgate', uses: 'leakgate/leakgate@v0', with: withInputs },
        ],
      },
    },
  });

  it.each([
    { case: 'a misspelt input', inputs: { scenario: 'a.py', cycle: '50' }, unknown: ['gate/leakgate: cycle'] },
    { case: 'an input of another action', inputs: { 'python-version': '3.12' }, unknown: ['gate/leakgate: python-version'] },
    { case: 'known inputs only', inputs: { scenario: 'a.py', cycles: '50', 'fail-on': 'leak' }, unknown: [] },
    { case: 'no with: at all', inputs: undefined, unknown: [] },
  ])('reports exactly the unknown inputs of a leakgate step with $case, not those of checkout', ({ inputs, unknown }) => {
    expect(unknownLeakgateInputs(synthetic(inputs), INPUTS)).toEqual(unknown);
  });
});

describe('action.yml', () => {
  it('runs on node24 from dist/index.js', () => {
    expect(action.runs).toMatchObject({ using: 'node24', main: 'dist/index.js' });
  });

  it('has a name, a description and branding', () => {
    expect(action.name).toBeTruthy();
    expect(action.description).toBeTruthy();
    expect(action.branding).toMatchObject({ icon: expect.any(String), color: expect.any(String) });
  });

  it.each(INPUTS)('input %s has a description and a default', (name) => {
    const input = action.inputs[name] as Json;
    expect(typeof input.description).toBe('string');
    expect(input.description.length).toBeGreaterThan(0);
    expect(typeof input.default).toBe('string');
    // An empty default must say what empty means (the configuration file's value, a fallback).
    if (input.default === '') expect(input.description).toMatch(/\bEmpty\b/i);
  });

  it('refuses privileged events by default: allow-privileged-pr-code defaults to false', () => {
    expect(action.inputs['allow-privileged-pr-code']).toMatchObject({ default: 'false' });
    expect(action.inputs['allow-privileged-pr-code'].description).toContain('pull_request_target');
  });

  it('declares exactly the inputs the action reads', () => {
    expect([...INPUTS].sort()).toEqual([...Object.keys(ACTION_INPUTS), ...Object.values(NUMERIC_SETTINGS).map((s) => s.input)].sort());
  });

  it.each(['verdict', 'report', 'traced-bytes-per-cycle', 'rss-bytes-per-cycle', 'comment-url'])('declares the output %s with a description', (name) => {
    expect(typeof action.outputs?.[name]?.description).toBe('string');
  });
});

describe('the one-file workflow', () => {
  const wf = workflow('leakgate.yml');

  it('runs on pushes to main, pull requests and Run workflow', () => {
    expect(Object.keys(wf.on).sort()).toEqual(['pull_request', 'push', 'workflow_dispatch']);
    expect(wf.on.push.branches).toEqual(['main']);
  });

  it('reruns the check when a label is added or removed, so leakgate:accept takes effect', () => {
    expect(wf.on.pull_request.types).toEqual(expect.arrayContaining(['labeled', 'unlabeled', 'opened', 'synchronize', 'reopened']));
  });

  it('grants contents: read, actions: read and pull-requests: write, nothing else', () => {
    expect(wf.permissions).toEqual({ contents: 'read', actions: 'read', 'pull-requests': 'write' });
  });

  it('has a concurrency group per ref', () => {
    expect(wf.concurrency.group).toContain('github.ref');
  });
});

describe('the fork-safe pair', () => {
  const pr = workflow('leakgate-fork-pr.yml');
  const comment = workflow('leakgate-fork-comment.yml');

  it('the pull request workflow does not grant pull-requests: write', () => {
    for (const job of Object.keys(pr.jobs)) expect(grants(pr, job)['pull-requests']).not.toBe('write');
    expect(pr.permissions).toEqual({ contents: 'read', actions: 'read' });
  });

  it('the pull request workflow runs leakgate with comment: never, so leakgate uploads the report', () => {
    const [step, ...rest] = leakgateSteps('leakgate-fork-pr.yml');
    expect(rest).toEqual([]);
    expect(step.with?.comment).toBe('never');
    expect(step.with?.scenario).toBeTruthy();
  });

  it('the comment workflow runs when the pull request workflow completes', () => {
    expect(Object.keys(comment.on)).toEqual(['workflow_run']);
    expect(comment.on.workflow_run.workflows).toEqual([pr.name]);
    expect(comment.on.workflow_run.types).toEqual(['completed']);
  });

  it('the comment workflow grants actions: read and pull-requests: write, nothing else', () => {
    expect(comment.permissions).toEqual({ actions: 'read', 'pull-requests': 'write' });
    for (const job of Object.keys(comment.jobs)) expect(grants(comment, job)['pull-requests']).toBe('write');
  });

  it('the comment workflow neither checks out nor runs any code', () => {
    const all = steps(comment).map(({ step }) => step);
    expect(all.filter((s) => s.uses?.startsWith('actions/checkout'))).toEqual([]);
    expect(all.filter((s) => s.run !== undefined)).toEqual([]);
    expect(all.every(isLeakgate)).toBe(true);
  });

  it('the comment workflow runs leakgate with mode: comment and no scenario', () => {
    const [step, ...rest] = leakgateSteps('leakgate-fork-comment.yml');
    expect(rest).toEqual([]);
    expect(step.with?.mode).toBe('comment');
    expect(step.with?.scenario).toBeUndefined();
  });

  it('both use the same report artifact name', () => {
    const name = (file: string) => leakgateSteps(file)[0].with?.['report-name'] ?? action.inputs['report-name'].default;
    expect(name('leakgate-fork-pr.yml')).toBe(name('leakgate-fork-comment.yml'));
  });
});
