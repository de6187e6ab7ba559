/**
 * The run's GitHub context, read from the runner's environment and the event payload, and the
 * mode `auto` resolves to. Pure: it is given the environment and the parsed payload.
 */
import { UsageError } from '../errors.js';
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

/** What `auto` means for this event; an explicit mode must fit the event too. */
export function resolveMode(mode: Mode, context: ActionContext): ResolvedMode {
  const event = context.eventName;
  if (mode === 'auto') {
    if (event === 'pull_request' || event === 'pull_request_target') return 'check';
    if (event === 'workflow_run') return 'comment';
    if (event === 'workflow_dispatch') return 'baseline';
    if (event === 'push') {
      if (context.defaultBranch && context.branch === context.defaultBranch) return 'baseline';
      throw new UsageError(`mode 'auto' records baselines only on pushes to the default branch (${context.defaultBranch ?? 'unknown'}), and this push is to '${context.branch ?? context.sha}': run the workflow on pull_request, or set mode: check`);
    }
    throw new UsageError(`mode 'auto' does not know the event '${event}': it handles push, workflow_dispatch, pull_request and workflow_run; set mode to check, baseline or comment`);
  }
  if (mode === 'check' && !context.pullRequest) throw new UsageError(`mode 'check' needs a pull_request event, but this run is for '${event}'`);
  if (mode === 'comment' && !context.triggeringRun) throw new UsageError(`mode 'comment' needs a workflow_run event (the fork-safe pattern), but this run is for '${event}'`);
  if (mode === 'merge' && event === 'workflow_run') throw new UsageError("mode 'merge' joins the legs of its own workflow run: run it in a job that needs the matrix, on push, workflow_dispatch or pull_request");
  return mode;
}
