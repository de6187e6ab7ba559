/**
 * The run's GitHub context, read from the runner's environment and the event payload, and the
 * mode `auto` resolves to. Pure: it is given the environment and the parsed payload.
 */
import { UsageError } from '../../settings/errors.js';
import type { Mode } from './inputs.js';

export interface ActionContext {
  eventName: string;
  owner: string;
  repo: string;
  repositoryId: number | null;
  defaultBranch: string | null;
  /** The branch this run is on (push, workflow_dispatch). */
  branch: string | null;
  sha: string;
  serverUrl: string;
  apiUrl: string;
  runId: number;
  workflow: string;
  job: string;
  pullRequest: { number: number; baseRef: string; headSha: string; labels: string[]; fork: boolean } | null;
  /** The run that triggered a workflow_run event. */
  triggeringRun: { id: number; headSha: string; headBranch: string | null; headOwner: string | null; event: string; repositoryId: number | null } | null;
}

// biome-ignore lint/suspicious/noExplicitAny: the event payload is untrusted JSON; every field read from it goes through str() or num() below.
type Json = Record<string, any>;

const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
const num = (value: unknown): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : null);

/** Read the context from GITHUB_* variables and the event payload. */
export function readActionContext(env: NodeJS.ProcessEnv, payload: Json): ActionContext {
  const [owner, repo] = (env.GITHUB_REPOSITORY ?? '/').split('/');
  const pr = payload.pull_request as Json | undefined;
  const run = payload.workflow_run as Json | undefined;
  const ref = env.GITHUB_REF ?? '';
  return {
    eventName: env.GITHUB_EVENT_NAME ?? '',
    owner,
    repo,
    repositoryId: num(payload.repository?.id),
    defaultBranch: str(payload.repository?.default_branch),
    branch: ref.startsWith('refs/heads/') ? ref.slice('refs/heads/'.length) : null,
    sha: env.GITHUB_SHA ?? '',
    serverUrl: (env.GITHUB_SERVER_URL ?? 'https://github.com').replace(/\/$/, ''),
    apiUrl: (env.GITHUB_API_URL ?? 'https://api.github.com').replace(/\/$/, ''),
    runId: Number(env.GITHUB_RUN_ID ?? 0),
    workflow: env.GITHUB_WORKFLOW ?? '',
    job: env.GITHUB_JOB ?? '',
    pullRequest: pr
      ? {
          number: num(pr.number) ?? 0,
          baseRef: str(pr.base?.ref) ?? '',
          headSha: str(pr.head?.sha) ?? env.GITHUB_SHA ?? '',
          labels: Array.isArray(pr.labels) ? pr.labels.map((l: Json) => str(l?.name)).filter((l: string | null): l is string => l !== null) : [],
          fork: num(pr.head?.repo?.id) !== null && num(pr.head?.repo?.id) !== num(pr.base?.repo?.id ?? payload.repository?.id),
        }
      : null,
    triggeringRun: run
      ? {
          id: num(run.id) ?? 0,
          headSha: str(run.head_sha) ?? '',
          headBranch: str(run.head_branch),
          headOwner: str(run.head_repository?.owner?.login),
          event: str(run.event) ?? '',
          repositoryId: num(run.head_repository?.id),
        }
      : null,
  };
}

export type ResolvedMode = Exclude<Mode, 'auto'>;

/**
 * Events whose runs hold a write token and the repository's secrets while what they check out
 * can be a pull request's code: pull_request_target and issue_comment run in the base
 * repository's context for anyone's pull request, and workflow_run is privileged whatever
 * triggered it. A scenario is code, so running one there is the "pwn request": every step of a
 * job runs as the same user, and a scenario can read the token from its parent's
 * /proc/<pid>/environ or memory, whatever environment it is given.
 * https://securitylab.github.com/resources/github-actions-preventing-pwn-requests/
 */
export const PRIVILEGED_EVENTS: ReadonlySet<string> = new Set(['pull_request_target', 'issue_comment', 'workflow_run']);

/** Modes that run scenarios (code from the checkout); comment and merge only read reports. */
const RUNS_SCENARIOS: ReadonlySet<ResolvedMode> = new Set(['check', 'baseline']);

/**
 * Refuse to run scenarios on a privileged event unless `allow-privileged-pr-code` says the
 * workflow knows why; returns the warning to print when it is allowed, else null.
 */
export function privilegedRunCheck(mode: ResolvedMode, context: ActionContext, allowed: boolean): string | null {
  if (!RUNS_SCENARIOS.has(mode) || !PRIVILEGED_EVENTS.has(context.eventName)) return null;
  const what =
    `the '${context.eventName}' event runs with a write token and the repository's secrets, ` +
    `and mode ${mode} runs scenarios, which may be a pull request's code: any step of this job, a scenario included, can read that token ` +
    `(the steps of a job run as one user, and a scenario can read its parent process's environment in /proc)`;
  if (allowed) return `leakgate runs scenarios on '${context.eventName}' because allow-privileged-pr-code is true: ${what}. Run only code you trust here.`;
  throw new UsageError(
    `leakgate refuses to run scenarios here: ${what}. Use the fork-safe pair instead: ` +
      `examples/workflows/leakgate-fork-pr.yml measures on pull_request with a read-only token, ` +
      `and leakgate-fork-comment.yml comments on workflow_run without running any code. ` +
      `If this job only ever runs trusted code (never a pull request's head), set allow-privileged-pr-code: true.`,
  );
}

/**
 * What `auto` means for this event; an explicit mode must fit the event too. On
 * pull_request_target, auto is check, which privilegedRunCheck then refuses unless opted in.
 */
export function resolveMode(mode: Mode, context: ActionContext): ResolvedMode {
  const event = context.eventName;
  if (mode === 'auto') {
    if (event === 'pull_request' || event === 'pull_request_target') return 'check';
    if (event === 'workflow_run') return 'comment';
    if (event === 'workflow_dispatch') return 'baseline';
    if (event === 'push') {
      if (context.defaultBranch && context.branch === context.defaultBranch) return 'baseline';
      throw new UsageError(
        `mode 'auto' records baselines only on pushes to the default branch (${context.defaultBranch ?? 'unknown'}), ` +
          `and this push is to '${context.branch ?? context.sha}': run the workflow on pull_request, or set mode: check`,
      );
    }
    throw new UsageError(
      `mode 'auto' does not know the event '${event}': ` +
        `it handles push, workflow_dispatch, pull_request and workflow_run; set mode to check, baseline or comment`,
    );
  }
  if (mode === 'check' && !context.pullRequest) throw new UsageError(`mode 'check' needs a pull_request event, but this run is for '${event}'`);
  if (mode === 'comment' && !context.triggeringRun)
    throw new UsageError(`mode 'comment' needs a workflow_run event (the fork-safe pattern), but this run is for '${event}'`);
  if (mode === 'merge' && event === 'workflow_run')
    throw new UsageError(
      "mode 'merge' joins the legs of its own workflow run: run it in a job that needs the matrix, on push, workflow_dispatch or pull_request",
    );
  return mode;
}
