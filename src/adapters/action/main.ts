/**
 * The GitHub Action, wired: inputs → mode → (baseline from artifacts) → the pipeline →
 * report, summary, annotations, comment, baseline upload → the gate, applied last so a failing
 * run still leaves its comment and summary. The only module tree that knows @actions/*.
 */

import { mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as core from '@actions/core';
import { recordBaseline } from '../../compare/baseline.js';
import { runHarness } from '../../harness/python-harness.js';
import { type PipelineConfig, runPipeline } from '../../pipeline.js';
import { parseUntrustedReport } from '../../report/guard.js';
import { defuseWorkflowCommands, showHidden, stopCommandsBlock, workflowLogLine } from '../../report/inert.js';
import { type Leg, mergeReports } from '../../report/merge.js';
import { reportOrigin, withOrigin } from '../../report/origin.js';
import { renderTerminal } from '../../report/terminal.js';
import type { Report } from '../../report/types.js';
import { resolveRunConfig } from '../../settings/cli-args.js';
import { readConfigFile } from '../../settings/load-config.js';
import type { RunConfig } from '../../settings/types.js';
import { type LoadedBaseline, readBaselineFile, writeBaselineFile } from '../baseline-store.js';
import { withCollections } from '../collections.js';
import { progressReporter } from '../progress.js';
import type { ArtifactStore } from './artifacts.js';
import { annotationsFor, type BaselineState, renderComment, renderSummary } from './comment.js';
import { type ActionContext, privilegedRunCheck, readActionContext, resolveMode } from './context.js';
import { findingsFingerprint, fingerprintLine } from './fingerprint.js';
import {
  type ClientOptions,
  commentMarker,
  findBaselineArtifact,
  findPullRequestForRun,
  findRunArtifact,
  type GitHubClient,
  PullRequestComments,
  statusOf,
} from './github.js';
import { type ActionConfig, type CommentPolicy, legArtifactName, parseActionInputs } from './inputs.js';
import { exitCodeFor, Interrupted, interruptedReport } from './interrupted.js';

const BASELINE_FILE = 'leakgate-baseline.json';
const REPORT_FILE = 'leakgate-report.json';

/**
 * How long the pipeline has, after SIGINT or SIGTERM, to stop its scenarios and return what it
 * measured, before the action publishes an "interrupted" report without it. GitHub sends
 * SIGTERM about 7.5 s after SIGINT and SIGKILL 2.5 s later: this leaves time to comment.
 */
const INTERRUPT_GRACE_MS = 3000;

/**
 * Everything the action takes from outside: index.ts passes the real runner's, a test passes its
 * own (a folder for artifacts, a local GitHub). This module reads nothing from process.env.
 */
export interface ActionWorld {
  /** The runner's environment: GITHUB_* (event, repository, run, output files) and RUNNER_TEMP. */
  env: NodeJS.ProcessEnv;
  /** An input by its name in action.yml, '' when not given (core.getInput). */
  inputs: (name: string) => string;
  /** Makes the REST client for a token (createGitHubClient: Octokit with retries and time-outs). */
  github: (token: string, options: ClientOptions) => GitHubClient;
  /** Where reports and baselines are uploaded and downloaded (GitHub's artifact service). */
  artifacts: ArtifactStore;
  /** Whose SIGINT, SIGTERM and SIGHUP interrupt the run, and who exits 130, 143 or 129 after one. */
  process: Pick<NodeJS.Process, 'on' | 'off' | 'exit'>;
}

interface Runtime {
  env: NodeJS.ProcessEnv;
  config: ActionConfig;
  context: ActionContext;
  client: GitHubClient;
  store: ArtifactStore;
  /** The folder for the report and artifacts; null when no folder could be written at all. */
  temp: string | null;
  /** Aborted on SIGINT/SIGTERM, with an Interrupted reason. */
  signal: AbortSignal;
  /** Notes for the job summary: what went wrong around the measurement, and the fixes. */
  notes: string[];
}

/** Warn in the log and keep the note for the job summary. */
function warn(runtime: Runtime, message: string): void {
  core.warning(message);
  runtime.notes.push(message);
}

/**
 * Run the action end to end. Every error ends in one setFailed; SIGINT and SIGTERM (a
 * cancelled job) and SIGHUP stop the measurement, the report, summary and comment are still
 * written with what was measured, and the process exits 130, 143 or 129.
 */
export async function runAction(world: ActionWorld): Promise<void> {
  const cancel = new AbortController();
  let received: NodeJS.Signals | null = null;
  const onSignal = (signal: NodeJS.Signals) => {
    if (received) {
      core.info(`leakgate: ${signal} received again; still writing the report of the interrupted run`);
      return;
    }
    received = signal;
    core.warning(
      `leakgate: ${signal} received (the job was cancelled?): stopping the scenarios, then writing the report, summary and comment with what was measured`,
    );
    cancel.abort(new Interrupted(signal));
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) world.process.on(signal, onSignal);
  try {
    await runActionUntil(world, cancel.signal);
  } catch (error) {
    // The message may quote the project's own output (a pytest collection's traceback): hidden
    // characters as escapes; setFailed escapes its line breaks as workflow-command data.
    core.setFailed(showHidden(error instanceof Error ? error.message : String(error), { lines: true }));
  } finally {
    for (const signal of signals) world.process.off(signal, onSignal);
  }
  if (received) {
    // The scenarios may still be running when the pipeline has not returned in time: end now.
    world.process.exit(exitCodeFor(received));
  }
}

async function runActionUntil(world: ActionWorld, signal: AbortSignal): Promise<void> {
  const { env } = world;
  const config = parseActionInputs(world.inputs);
  const eventPath = env.GITHUB_EVENT_PATH;
  const payload = eventPath ? JSON.parse(await readFile(eventPath, 'utf8')) : {};
  const context = readActionContext(env, payload);
  const mode = resolveMode(config.mode, context);
  // Before anything runs or any request is made: no pull request code next to a write token.
  const privileged = privilegedRunCheck(mode, context, config.allowPrivilegedPrCode);
  const notes: string[] = [];
  const runtime: Runtime = {
    env,
    config,
    context,
    client: world.github(config.token, { baseUrl: context.apiUrl, onLimit: (m) => core.info(m), timeoutSeconds: config.apiTimeoutSeconds }),
    store: world.artifacts,
    temp: null,
    signal,
    notes,
  };
  if (privileged) warn(runtime, privileged);
  runtime.temp = await makeTemp(runtime);
  core.info(`leakgate: mode ${mode} (${config.mode}) for the ${context.eventName} event`);
  if (mode === 'comment') return commentMode(runtime);
  if (mode === 'merge') return mergeMode(runtime);
  // Action inputs override the configuration file, which overrides the defaults.
  const run = await withCollections(resolveRunConfig(config.flags, await readConfigFile(config.flags.cwd, config.flags.configPath)));
  return measureMode(runtime, mode, run);
}

/**
 * The folder for reports and artifacts: RUNNER_TEMP/leakgate, else a fresh one in the system's
 * temp folder, else none. A full or unwritable disk is a warning: the comment and the gate
 * do not need a file.
 */
async function makeTemp(runtime: Runtime): Promise<string | null> {
  const preferred = join(runtime.env.RUNNER_TEMP || tmpdir(), 'leakgate');
  try {
    await mkdir(preferred, { recursive: true });
    return preferred;
  } catch (error) {
    try {
      const fallback = await mkdtemp(join(tmpdir(), 'leakgate-action-'));
      warn(runtime, `leakgate could not make its folder ${preferred} (${describe(error)}); it writes its files to ${fallback} instead`);
      return fallback;
    } catch (second) {
      warn(
        runtime,
        `leakgate could not make a folder for its report, neither ${preferred} (${describe(error)}) ` +
          `nor in ${tmpdir()} (${describe(second)}): the disk may be full. ` +
          `The comment and the gate still happen; no report file or artifact is written`,
      );
      return null;
    }
  }
}

/**
 * Write a file whole or not at all: to a temporary name, then renamed. A failure (a full disk)
 * is a warning naming the file and the reason, and gives null; the run goes on.
 */
async function writeFileOrWarn(runtime: Runtime, path: string | null, text: string, what: string): Promise<string | null> {
  if (path === null) return null;
  const partial = `${path}.${process.pid}.partial`;
  try {
    await mkdir(join(path, '..'), { recursive: true });
    await writeFile(partial, text);
    await rename(partial, path);
    return path;
  } catch (error) {
    await rm(partial, { force: true }).catch(() => undefined);
    warn(runtime, `leakgate could not write ${what} to ${path} (${describe(error)}); the disk may be full. The comment and the gate still happen`);
    return null;
  }
}

const reportText = (report: Report) => `${JSON.stringify(report, null, 2)}\n`;

/**
 * The pipeline's report, or, when the run is interrupted and the pipeline has not returned
 * within INTERRUPT_GRACE_MS, a report that says so.
 */
async function untilInterrupted(runtime: Runtime, measuring: Promise<Report>, fallback: (signal: NodeJS.Signals) => Report): Promise<Report> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const interrupted = new Promise<Report>((resolve) => {
    onAbort = () => {
      const reason = runtime.signal.reason;
      const signal = reason instanceof Interrupted ? reason.signal : 'SIGTERM';
      timer = setTimeout(() => resolve(fallback(signal)), INTERRUPT_GRACE_MS);
    };
    if (runtime.signal.aborted) onAbort();
    else runtime.signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return await Promise.race([measuring, interrupted]);
  } finally {
    clearTimeout(timer);
    if (onAbort) runtime.signal.removeEventListener('abort', onAbort);
  }
}

/** check (pull_request) and baseline (push, workflow_dispatch): measure, report, gate. */
async function measureMode(runtime: Runtime, mode: 'check' | 'baseline', run: RunConfig): Promise<void> {
  const { config, context } = runtime;
  const baseBranch = mode === 'check' ? context.pullRequest!.baseRef : (context.branch ?? context.defaultBranch ?? '');
  const { loaded, state } = await loadBaseline(runtime, baseBranch);
  // Scenario names are the pull request's too (a configuration file): progress lines are made inert.
  const progress = progressReporter('lines', (text) => process.stderr.write(defuseWorkflowCommands(text)));
  const failOn = run.failOn ?? 'regression';
  const startedAt = new Date();
  // A leg does not accept: the merge job decides the fan-out's gate, with the label.
  const acceptedBy = mode === 'check' && !config.flags.shard ? acceptLabelOf(runtime) : null;
  const pipelineConfig: PipelineConfig = {
    scenarios: run.scenarios,
    failOn,
    tolerance: run.tolerance,
    baseline: loaded,
    acceptedBy,
    ignore: run.ignore,
    failOnKnownLeaks: run.failOnKnownLeaks,
  };
  // The signal interrupts the pipeline: it ends the scenarios' process groups and returns what was measured.
  const measuring = runPipeline(pipelineConfig, { runHarness, onProgress: progress.onProgress, signal: runtime.signal });
  // Each report says which run and which shard made it, so that merge takes each leg exactly once.
  const report = withOrigin(
    await untilInterrupted(runtime, measuring, (signal) => interruptedReport(run.scenarios, signal, failOn, loaded?.parsed.ok === true)),
    reportOrigin(runtime.env, run.shard, startedAt),
  );
  const reportPath = await writeFileOrWarn(runtime, runtime.temp && join(runtime.temp, REPORT_FILE), reportText(report), 'the JSON report');
  setOutputs(runtime, report, reportPath);
  const shard = config.flags.shard;
  if (shard) {
    // A leg of a fan-out: hand the report to the merge job, which comments and gates once.
    process.stdout.write(stopCommandsBlock(report.scenarios.length === 0 ? `leakgate: ${report.summary}\n` : renderTerminal(report, { color: false })));
    await uploadArtifact(runtime, legArtifactName(config.reportName, shard), reportPath, `the report of shard ${shard.index}/${shard.count}`);
    await writeSummary(runtime, report, mode === 'check' ? context.pullRequest!.headSha : context.sha);
    core.info(workflowLogLine(`leakgate: shard ${shard.index}/${shard.count} ${report.verdict}: ${report.summary}; the merge job applies the gate`));
    // The merge job reports this leg as missing when its report could not be handed over.
    if (reportPath === null) core.setFailed(`leakgate: shard ${shard.index}/${shard.count} could not write its report, so the merge job cannot judge it`);
    return;
  }
  await publish(runtime, mode, report, reportPath, state);
}

/** The accept label when the pull request carries it, for the decision (decide/decide.ts); null otherwise. */
function acceptLabelOf(runtime: Runtime): string | null {
  const { config, context } = runtime;
  return context.pullRequest?.labels.includes(config.acceptLabel) ? config.acceptLabel : null;
}

/** Terminal, artifacts, comment, summary, annotations, then the gate. */
async function publish(runtime: Runtime, mode: 'check' | 'baseline', report: Report, reportPath: string | null, state: BaselineState): Promise<void> {
  const { config, context } = runtime;
  // The terminal report names types, files and scenarios: inert for the runner's command parser.
  process.stdout.write(stopCommandsBlock(renderTerminal(report, { color: false })));
  // core.warning escapes its message (%, CR, LF): no line of it can start a command.
  for (const warning of report.warnings) core.warning(warning);
  if (mode === 'baseline') await uploadBaseline(runtime, report);
  if (mode === 'check' && config.comment === 'never') await uploadArtifact(runtime, config.reportName, reportPath, 'the report for the commenting workflow');
  const headSha = mode === 'check' ? context.pullRequest!.headSha : context.sha;
  if (mode === 'check') {
    const { body, fingerprint } = stickyComment(runtime, report, state, { headSha, runUrl: runUrl(context) });
    await postComment(runtime, context.pullRequest!.number, body, config.comment, report, fingerprint);
  }
  await finish(runtime, report, headSha, state);
}

/** merge: the legs' reports of this workflow run → one report, one comment, one gate, one baseline. */
async function mergeMode(runtime: Runtime): Promise<void> {
  const { config, context } = runtime;
  const count = config.legs!;
  const where = { owner: context.owner, repo: context.repo };
  const legs: Leg[] = [];
  for (let index = 1; index <= count; index++) {
    const name = legArtifactName(config.reportName, { index, count });
    const label = `shard ${index}/${count}`;
    try {
      const artifactId = await findRunArtifact(runtime.client, where, context.runId, name);
      if (artifactId === null) {
        legs.push({ label, shard: { index, count }, report: null, problem: `no artifact '${name}' in this workflow run` });
        continue;
      }
      if (runtime.temp === null) throw new Error('no folder could be written to download it into');
      const folder = join(runtime.temp, `leg-${index}`);
      await runtime.store.download(
        artifactId,
        { token: config.token, workflowRunId: context.runId, repositoryOwner: context.owner, repositoryName: context.repo },
        folder,
      );
      // The leg ran pull-request code: its report is untrusted data.
      const parsed = parseUntrustedReport(await readFile(join(folder, REPORT_FILE), 'utf8').catch(() => ''));
      legs.push(
        parsed.ok
          ? { label, shard: { index, count }, report: parsed.report, problem: null }
          : { label, shard: { index, count }, report: null, problem: `its report ${parsed.reason}` },
      );
    } catch (error) {
      legs.push({ label, shard: { index, count }, report: null, problem: `its artifact could not be fetched (${describe(error)})` });
    }
  }
  for (const leg of legs) if (leg.problem) warn(runtime, `leakgate: ${leg.label} ${leg.problem}: reported as an error`);
  const report = mergeReports(legs, { expectLegs: count, acceptedBy: acceptLabelOf(runtime) });
  const reportPath = await writeFileOrWarn(runtime, runtime.temp && join(runtime.temp, REPORT_FILE), reportText(report), 'the JSON report');
  setOutputs(runtime, report, reportPath);
  const mode = context.pullRequest ? 'check' : 'baseline';
  const state = baselineStateOf(report, config.baselineName);
  await publish(runtime, mode, report, reportPath, state);
}

/** comment (workflow_run): post the comment for a report made by a pull_request run. */
async function commentMode(runtime: Runtime): Promise<void> {
  const { config, context } = runtime;
  const run = context.triggeringRun!;
  const where = { owner: context.owner, repo: context.repo };
  const artifactId = await findRunArtifact(runtime.client, where, run.id, config.reportName);
  if (artifactId === null) {
    warn(
      runtime,
      `no artifact named '${config.reportName}' in workflow run ${run.id}: ` +
        `the pull_request workflow must run leakgate with comment: never (it uploads the report)`,
    );
    await core.summary
      .addRaw(runtime.notes.map((n) => `> ${n}`).join('\n\n'))
      .write()
      .catch((error: unknown) => core.warning(`leakgate could not write the job summary (${describe(error)}); the disk may be full`));
    return;
  }
  if (runtime.temp === null)
    throw new Error(
      `no folder could be written to download the report artifact '${config.reportName}' of run ${run.id} into (see the warning above): nothing was posted`,
    );
  const folder = join(runtime.temp, `run-${run.id}`);
  await runtime.store.download(
    artifactId,
    { token: config.token, workflowRunId: run.id, repositoryOwner: context.owner, repositoryName: context.repo },
    folder,
  );
  const parsed = parseUntrustedReport(await readFile(join(folder, REPORT_FILE), 'utf8').catch(() => ''));
  if (!parsed.ok) throw new Error(`the report artifact '${config.reportName}' of run ${run.id} ${parsed.reason}: nothing was posted`);
  const report = parsed.report;
  setOutputs(runtime, report, join(folder, REPORT_FILE));
  // The pull request is found by the run's head SHA, never by a number from the artifact.
  const number = await findPullRequestForRun(runtime.client, where, run);
  if (number === null) {
    warn(runtime, `no open pull request has head ${run.headSha}: nothing to comment on`);
  } else {
    const state = baselineStateOf(report, config.baselineName);
    const runLink = `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${run.id}`;
    const { body, fingerprint } = stickyComment(runtime, report, state, { headSha: run.headSha, runUrl: runLink });
    await postComment(runtime, number, body, config.comment === 'never' ? 'always' : config.comment, report, fingerprint);
  }
  await writeSummary(runtime, report, run.headSha, baselineStateOf(report, config.baselineName));
}

/** The sticky comment's body for a report, with the fingerprint of its findings (posted only when they changed). */
function stickyComment(
  runtime: Runtime,
  report: Report,
  state: BaselineState,
  links: { headSha: string; runUrl: string },
): { body: string; fingerprint: string } {
  const { config, context } = runtime;
  const accepted = report.gate.acceptedBy !== null;
  const fingerprint = fingerprintLine(
    findingsFingerprint(report, { baselineStatus: state.status, baselineReason: state.reason, acceptLabel: config.acceptLabel, accepted }),
  );
  const body = renderComment({
    report,
    marker: commentMarker(context.workflow, context.job),
    sourceUrl: sourceUrl(context, links.headSha),
    baseline: state,
    acceptLabel: config.acceptLabel,
    accepted,
    runUrl: links.runUrl,
    headSha: links.headSha,
    now: new Date(),
  });
  return { body: withFingerprint(body, fingerprint), fingerprint };
}

/** The newest usable baseline from the base branch's artifacts; failures are warnings. */
async function loadBaseline(runtime: Runtime, baseBranch: string): Promise<{ loaded: LoadedBaseline | null; state: BaselineState }> {
  const { config, context } = runtime;
  const missing = (reason: string): { loaded: null; state: BaselineState } => ({
    loaded: null,
    state: { status: 'missing', reason, artifactName: config.baselineName },
  });
  if (context.repositoryId === null) return missing('the event payload does not name the repository');
  let found;
  try {
    found = await findBaselineArtifact(runtime.client, {
      owner: context.owner,
      repo: context.repo,
      repositoryId: context.repositoryId,
      baseBranch,
      name: config.baselineName,
    });
  } catch (error) {
    warn(runtime, `leakgate could not list the baseline artifacts (${describe(error)}): comparing with no baseline. The workflow needs \`actions: read\`.`);
    return missing('the artifact list could not be read');
  }
  if (!found.found) {
    core.info(`leakgate: no baseline yet: ${found.reason}`);
    return missing(found.reason);
  }
  if (runtime.temp === null) return missing('no folder could be written to download the baseline into');
  const folder = join(runtime.temp, `baseline-${found.found.artifactId}`);
  try {
    await runtime.store.download(
      found.found.artifactId,
      { token: config.token, workflowRunId: found.found.workflowRunId, repositoryOwner: context.owner, repositoryName: context.repo },
      folder,
    );
  } catch (error) {
    warn(runtime, `leakgate could not download the baseline artifact ${found.found.artifactId} (${describe(error)}): comparing with no baseline`);
    return missing('the baseline artifact could not be downloaded');
  }
  const loaded = await readBaselineFile(join(folder, BASELINE_FILE));
  if (!loaded.parsed.ok) return { loaded, state: { status: 'unusable', reason: `the baseline ${loaded.parsed.reason}`, artifactName: config.baselineName } };
  core.info(`leakgate: comparing with the baseline of run ${found.found.workflowRunId} (${found.found.createdAt ?? 'unknown date'})`);
  const origin = {
    branch: found.found.headBranch ?? baseBranch,
    commit: found.found.headSha ?? null,
    runUrl: found.found.runUrl ?? null,
    createdAt: found.found.createdAt,
  };
  return { loaded, state: { status: 'compared', reason: '', artifactName: config.baselineName, origin } };
}

async function uploadBaseline(runtime: Runtime, report: Report): Promise<void> {
  const { baseline, skipped } = recordBaseline(report, new Date());
  if (skipped.length > 0) warn(runtime, `the baseline leaves out scenarios that could not be measured: ${skipped.join(', ')}`);
  if (runtime.temp === null) {
    warn(runtime, `leakgate could not record the baseline: there is no folder to write it to (see the warning above)`);
    return;
  }
  const file = join(runtime.temp, 'baseline-upload', BASELINE_FILE);
  try {
    await writeBaselineFile(file, baseline);
  } catch (error) {
    warn(runtime, `leakgate could not write the baseline to ${file} (${describe(error)}); the disk may be full. No baseline is recorded by this run`);
    return;
  }
  await uploadArtifact(runtime, runtime.config.baselineName, file, 'the baseline');
}

/** Upload one file as an artifact; an artifact service failure is a warning, never a crash. */
async function uploadArtifact(runtime: Runtime, name: string, file: string | null, what: string): Promise<void> {
  if (file === null) {
    warn(runtime, `leakgate could not upload ${what} as artifact '${name}': its file could not be written (see the warning above)`);
    return;
  }
  try {
    const folder = join(file, '..');
    const id = await runtime.store.upload(name, [file], folder, runtime.config.retentionDays);
    core.info(`leakgate: uploaded ${what} as artifact '${name}'${id ? ` (id ${id})` : ''}, kept ${runtime.config.retentionDays} days`);
  } catch (error) {
    warn(runtime, `leakgate could not upload ${what} as artifact '${name}' (${describe(error)}); the result above stands`);
  }
}

/** Whether this report deserves a new comment under the policy (an existing one is always kept current). */
export function wantsNewComment(policy: CommentPolicy, report: Report): boolean {
  switch (policy) {
    case 'always':
      return true;
    case 'on-failure':
      return report.verdict !== 'pass' || report.gate.acceptedBy !== null;
    case 'on-change':
      return (
        report.verdict !== 'pass' ||
        report.scenarios.some((s) => s.leak.detected && (!s.comparison || !['unchanged', 'clean'].includes(s.comparison.class))) ||
        report.scenarios.some((s) => s.comparison?.class === 'fixed' || s.comparison?.class === 'improved')
      );
    case 'never':
      return false;
  }
}

/** The comment body with the findings' fingerprint as a hidden line after the marker. */
function withFingerprint(body: string, fingerprint: string): string {
  const end = body.indexOf('\n');
  return end < 0 ? `${body}\n${fingerprint}` : `${body.slice(0, end)}\n${fingerprint}${body.slice(end)}`;
}

async function postComment(runtime: Runtime, number: number, body: string, policy: CommentPolicy, report: Report, fingerprint: string): Promise<void> {
  if (policy === 'never') return;
  const comments = new PullRequestComments(runtime.client, { owner: runtime.context.owner, repo: runtime.context.repo, number });
  try {
    const outcome = await comments.upsert(commentMarker(runtime.context.workflow, runtime.context.job), body, {
      createIfMissing: wantsNewComment(policy, report),
      fingerprint,
    });
    if (outcome.url) setOutput(runtime, 'comment-url', outcome.url);
    core.info(
      `leakgate: comment ${outcome.action}${outcome.url ? ` (${outcome.url})` : ''}` +
        `${outcome.deletedDuplicates ? `, ${outcome.deletedDuplicates} duplicate(s) deleted` : ''}`,
    );
  } catch (error) {
    if (statusOf(error) === 403) {
      warn(
        runtime,
        `leakgate could not comment on pull request #${number}: ${describe(error)}. ` +
          `The token cannot write here (pull requests from forks get a read-only token). ` +
          `Use the fork-safe two-workflow pattern (examples/workflows/leakgate-fork-pr.yml and leakgate-fork-comment.yml), ` +
          `or grant \`permissions: pull-requests: write\`. The report is in this job summary.`,
      );
    } else {
      warn(runtime, `leakgate could not comment on pull request #${number} (${describe(error)}); the report is in this job summary`);
    }
  }
}

async function finish(runtime: Runtime, report: Report, headSha: string, state: BaselineState): Promise<void> {
  await writeSummary(runtime, report, headSha, state);
  const { annotations, omitted } = annotationsFor(report);
  for (const a of annotations) core.warning(a.message, { file: a.file, startLine: a.line, title: a.title });
  if (omitted > 0) core.notice(`leakgate: ${omitted} more growing site${omitted === 1 ? '' : 's'} in the job summary`);
  // The gate, last: the comment and the summary are already written.
  if (report.verdict === 'fail') core.setFailed(`leakgate: ${report.summary}`);
  else if (report.verdict === 'error') core.setFailed(`leakgate could not measure every scenario: ${report.summary}`);
}

async function writeSummary(runtime: Runtime, report: Report, headSha: string, state?: BaselineState): Promise<void> {
  try {
    const context = { baseline: state ?? null, headSha, now: new Date() };
    await core.summary.addRaw(renderSummary(report, runtime.notes, sourceUrl(runtime.context, headSha), context)).write();
  } catch (error) {
    core.warning(
      `leakgate could not write the job summary to ${runtime.env.GITHUB_STEP_SUMMARY ?? '(GITHUB_STEP_SUMMARY is not set)'} ` +
        `(${describe(error)}); the disk may be full. ` +
        `The report is in the log above${runtime.context.pullRequest ? ' and in the pull request comment' : ''}`,
    );
  } finally {
    core.summary.emptyBuffer();
  }
}

/** What a report received from elsewhere (a leg, a PR run) says of its baseline, for the comment. */
function baselineStateOf(report: Report, artifactName: string): BaselineState {
  if (report.baseline?.status === 'compared') return { status: 'compared', reason: '', artifactName };
  return { status: report.baseline ? 'unusable' : 'missing', reason: report.warnings[0] ?? 'no baseline was found', artifactName };
}

function setOutput(runtime: Runtime, name: string, value: string): void {
  try {
    core.setOutput(name, value);
  } catch (error) {
    warn(runtime, `leakgate could not set the output ${name} in ${runtime.env.GITHUB_OUTPUT ?? 'GITHUB_OUTPUT'} (${describe(error)}); the disk may be full`);
  }
}

/** The step's outputs; GITHUB_OUTPUT lives in RUNNER_TEMP, so a full disk is a warning here too. */
function setOutputs(runtime: Runtime, report: Report, reportPath: string | null): void {
  const first = report.scenarios[0];
  try {
    core.setOutput('verdict', report.verdict);
    core.setOutput('report', reportPath ?? '');
    core.setOutput('traced-bytes-per-cycle', first?.growth.tracedBytesPerCycle === null || !first ? '' : String(Math.round(first.growth.tracedBytesPerCycle)));
    core.setOutput('rss-bytes-per-cycle', first?.growth.rssBytesPerCycle === null || !first ? '' : String(Math.round(first.growth.rssBytesPerCycle)));
  } catch (error) {
    warn(
      runtime,
      `leakgate could not set the step's outputs in ${runtime.env.GITHUB_OUTPUT ?? 'GITHUB_OUTPUT'} (${describe(error)}); ` +
        `the disk may be full. The verdict is ${report.verdict}`,
    );
  }
}

function sourceUrl(context: ActionContext, sha: string) {
  return (file: string, line: number): string | null => {
    if (!sha || file.startsWith('/') || file.startsWith('..') || file.startsWith('<')) return null;
    const path = file.split('/').map(encodeURIComponent).join('/');
    return `${context.serverUrl}/${context.owner}/${context.repo}/blob/${sha}/${path}#L${line}`;
  };
}

function runUrl(context: ActionContext): string {
  return `${context.serverUrl}/${context.owner}/${context.repo}/actions/runs/${context.runId}`;
}

function describe(error: unknown): string {
  const status = statusOf(error);
  const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
  return status ? `HTTP ${status}: ${message}` : message;
}
