/**
 * The GitHub REST adapters: a client with retries and throttling, the search for the newest
 * usable baseline artifact, PullRequestComments (one sticky comment per workflow and job),
 * and finding the pull request of a workflow_run. Choices on plain data are pure functions
 * exported for tests; everything else talks HTTP.
 */
import { getOctokit } from '@actions/github';
import { defaults as githubDefaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHubClient = ReturnType<typeof getOctokit>;

export interface ClientOptions {
  baseUrl: string;
  onLimit?: (message: string) => void;
  /** How long one request (headers and body) may take; then it fails and plugin-retry retries it. */
  timeoutSeconds: number;
  /** Consecutive timed-out requests after which every later request fails at once (6: two requests with their retries). */
  giveUpAfterTimeouts?: number;
}

type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

/**
 * A request not sent because the API stopped answering. Named AbortError because
 * @octokit/request passes an AbortError on as it is (status 500, no request attached), and
 * plugin-retry retries only errors with a request: retrying a request never sent is waiting.
 */
class NotSent extends Error {
  override name = 'AbortError';
}

/**
 * A fetch that gives up on a request after `timeoutSeconds` (a hung API must not hold the
 * job), and, once `giveUpAfter` requests in a row have timed out (one request and its
 * retries), fails every later one at once: the run goes on without GitHub and says so.
 * The error is a plain Error, so @octokit/request wraps it in a RequestError with status 500
 * and plugin-retry retries it; an AbortError would not be retried.
 */
export function fetchWithTimeout(fetchImpl: Fetch, timeoutSeconds: number, giveUpAfter = 6): Fetch {
  let timeoutsInARow = 0;
  return async (url, init = {}) => {
    const method = init.method ?? 'GET';
    const where = `${method} ${String(url).replace(/\?.*$/, '')}`;
    if (timeoutsInARow >= giveUpAfter) {
      throw new NotSent(
        `not sent: GitHub's API did not answer the last ${timeoutsInARow} requests within ${timeoutSeconds} s, so leakgate stopped calling it (${where})`,
      );
    }
    const timeout = AbortSignal.timeout(timeoutSeconds * 1000);
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout;
    try {
      const response = await fetchImpl(url, { ...init, signal });
      timeoutsInARow = 0;
      return response;
    } catch (error) {
      if (!timeout.aborted) throw error;
      timeoutsInARow += 1;
      throw new Error(`no answer from GitHub within ${timeoutSeconds} s (${where}); set input api-timeout-seconds to wait longer`, { cause: error });
    }
  };
}

/** An Octokit for the runner's API URL that retries 5xx errors and timeouts and waits out rate limits. */
export function createGitHubClient(token: string, options: ClientOptions): GitHubClient {
  const defaults = githubDefaults.request as { fetch?: Fetch } | undefined;
  const client = getOctokit(
    token,
    {
      baseUrl: options.baseUrl,
      // The toolkit's default request options (its agent and proxy settings), its fetch given a
      // timeout. No `retries` here: plugin-retry reads request.retries for every failure, so
      // 403s would be retried too.
      request: {
        ...githubDefaults.request,
        fetch: fetchWithTimeout(defaults?.fetch ?? (globalThis.fetch as Fetch), options.timeoutSeconds, options.giveUpAfterTimeouts),
      },
      retry: { retries: 2, doNotRetry: [400, 401, 403, 404, 410, 422, 451] },
      throttle: {
        onRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          options.onLimit?.(`GitHub rate limit hit on ${request.method} ${request.url}; retrying after ${retryAfter} s`);
          return retryCount < 2;
        },
        onSecondaryRateLimit: (retryAfter: number, request: { method: string; url: string }, _octokit: unknown, retryCount: number) => {
          options.onLimit?.(`GitHub secondary rate limit hit on ${request.method} ${request.url}; retrying after ${retryAfter} s`);
          return retryCount < 1;
        },
      },
    },
    retry,
    throttling,
  );
  // plugin-retry counts retries in options.request.retryCount, and that object is shared by
  // every request made with the client's defaults: after one request was retried twice, the
  // next one's first retry waited 16 s instead of 1 s. Each request gets its own copy; this
  // hook, registered last, runs first.
  client.hook.before('request', (requestOptions) => {
    requestOptions.request = { ...requestOptions.request };
  });
  return client;
}

/** An artifact as the REST API lists it (the fields leakgate relies on). */
export interface ListedArtifact {
  id: number;
  name: string;
  expired: boolean;
  created_at: string | null;
  workflow_run?: { id?: number; repository_id?: number; head_repository_id?: number; head_branch?: string | null } | null;
}

/**
 * Candidates for the baseline, newest first: not expired, made by a run of this repository
 * (a fork's own default branch must never become the baseline) on the base branch.
 * Whether the run was a push or workflow_dispatch needs one more call per candidate.
 */
export function baselineCandidates(artifacts: readonly ListedArtifact[], repositoryId: number, baseBranch: string): ListedArtifact[] {
  return artifacts
    .filter(
      (a) =>
        !a.expired &&
        a.workflow_run?.head_repository_id === repositoryId &&
        a.workflow_run?.repository_id === repositoryId &&
        a.workflow_run?.head_branch === baseBranch &&
        typeof a.workflow_run?.id === 'number',
    )
    .sort((a, b) => Date.parse(b.created_at ?? '') - Date.parse(a.created_at ?? ''));
}

const BASELINE_EVENTS = new Set(['push', 'workflow_dispatch']);
const MAX_RUNS_CHECKED = 10;

export interface FoundBaseline {
  artifactId: number;
  workflowRunId: number;
  createdAt: string | null;
  /** The run that recorded it: its branch, commit and page, to name the baseline as people do. */
  headBranch?: string | null;
  headSha?: string | null;
  runUrl?: string | null;
}

/** The newest usable baseline artifact, or null with the reason none qualified. */
export async function findBaselineArtifact(
  client: GitHubClient,
  where: { owner: string; repo: string; repositoryId: number; baseBranch: string; name: string },
): Promise<{ found: FoundBaseline | null; reason: string }> {
  const artifacts = (await client.paginate(client.rest.actions.listArtifactsForRepo, {
    owner: where.owner,
    repo: where.repo,
    name: where.name,
    per_page: 100,
  })) as ListedArtifact[];
  const named = artifacts.filter((a) => a.name === where.name);
  const candidates = baselineCandidates(named, where.repositoryId, where.baseBranch);
  for (const candidate of candidates.slice(0, MAX_RUNS_CHECKED)) {
    const runId = candidate.workflow_run!.id!;
    const { data: run } = await client.rest.actions.getWorkflowRun({ owner: where.owner, repo: where.repo, run_id: runId });
    if (BASELINE_EVENTS.has(run.event) && run.head_repository?.id === where.repositoryId) {
      const found = { artifactId: candidate.id, workflowRunId: runId, createdAt: candidate.created_at };
      return { found: { ...found, headBranch: run.head_branch ?? null, headSha: run.head_sha ?? null, runUrl: run.html_url ?? null }, reason: '' };
    }
  }
  const reason =
    named.length === 0
      ? `no artifact named '${where.name}' exists yet`
      : candidates.length === 0
        ? `none of the ${named.length} artifacts named '${where.name}' is unexpired and from a run of this repository on '${where.baseBranch}'`
        : `none of the newest ${Math.min(candidates.length, MAX_RUNS_CHECKED)} artifacts named '${where.name}' ` +
          `on '${where.baseBranch}' came from a push or workflow_dispatch run`;
  return { found: null, reason };
}

/** A comment as the REST API lists it. */
export interface ListedComment {
  id: number;
  body?: string | null;
  user?: { login?: string } | null;
  created_at?: string;
  html_url?: string;
}

/** The hidden marker that identifies leakgate's comment of one workflow and job. */
export function commentMarker(workflow: string, job: string): string {
  const clean = (text: string) =>
    text
      .replace(/-->/g, '')
      .replace(/[\r\n]/g, ' ')
      .slice(0, 200);
  return `<!-- leakgate-comment workflow="${clean(workflow)}" job="${clean(job)}" -->`;
}

/** Our comments, oldest first: written by our user and carrying our marker. */
export function ourComments(comments: readonly ListedComment[], login: string, marker: string): ListedComment[] {
  return comments
    .filter((c) => c.user?.login === login && (c.body ?? '').includes(marker))
    .sort((a, b) => Date.parse(a.created_at ?? '') - Date.parse(b.created_at ?? '') || a.id - b.id);
}

export type CommentOutcome =
  | { action: 'created' | 'updated' | 'unchanged'; url: string | null; deletedDuplicates: number }
  | { action: 'skipped'; url: null; deletedDuplicates: 0 };

/** One sticky comment per workflow and job on a pull request. */
export class PullRequestComments {
  private readonly client: GitHubClient;
  private readonly where: { owner: string; repo: string; number: number };

  constructor(client: GitHubClient, where: { owner: string; repo: string; number: number }) {
    this.client = client;
    this.where = where;
  }

  /** The login the token acts as; a GITHUB_TOKEN cannot read /user, and acts as github-actions[bot]. */
  async login(): Promise<string> {
    try {
      const { data } = await this.client.rest.users.getAuthenticated();
      return data.login;
    } catch {
      return 'github-actions[bot]';
    }
  }

  async existing(marker: string): Promise<ListedComment[]> {
    const login = await this.login();
    const comments = (await this.client.paginate(this.client.rest.issues.listComments, {
      ...this.repoWhere(),
      issue_number: this.where.number,
      per_page: 100,
    })) as ListedComment[];
    return ourComments(comments, login, marker);
  }

  /**
   * Create, update in place, or leave alone; delete duplicates left by concurrent jobs. With a
   * `fingerprint` (a line hidden in the body, see findingsFingerprint), a comment that already
   * carries it is left alone even when its measured numbers differ: the findings are the same.
   */
  async upsert(marker: string, body: string, options: { createIfMissing: boolean; fingerprint?: string }): Promise<CommentOutcome> {
    const mine = await this.existing(marker);
    const [keep, ...duplicates] = mine;
    for (const duplicate of duplicates) await this.client.rest.issues.deleteComment({ ...this.repoWhere(), comment_id: duplicate.id });
    if (!keep) {
      if (!options.createIfMissing) return { action: 'skipped', url: null, deletedDuplicates: 0 };
      const { data } = await this.client.rest.issues.createComment({ ...this.repoWhere(), issue_number: this.where.number, body });
      return { action: 'created', url: data.html_url, deletedDuplicates: duplicates.length };
    }
    const same = (keep.body ?? '') === body || (options.fingerprint !== undefined && (keep.body ?? '').includes(options.fingerprint));
    if (same) return { action: 'unchanged', url: keep.html_url ?? null, deletedDuplicates: duplicates.length };
    const { data } = await this.client.rest.issues.updateComment({ ...this.repoWhere(), comment_id: keep.id, body });
    return { action: 'updated', url: data.html_url, deletedDuplicates: duplicates.length };
  }

  private repoWhere() {
    return { owner: this.where.owner, repo: this.where.repo };
  }
}

/**
 * The open pull request a workflow_run ran for, found by the run's head SHA — never by a
 * number taken from an artifact. Fork PRs are listed by their head (owner:branch).
 */
export async function findPullRequestForRun(
  client: GitHubClient,
  where: { owner: string; repo: string },
  run: { headSha: string; headBranch: string | null; headOwner: string | null },
): Promise<number | null> {
  if (run.headBranch && run.headOwner) {
    const pulls = await client.paginate(client.rest.pulls.list, { ...where, state: 'open', head: `${run.headOwner}:${run.headBranch}`, per_page: 100 });
    const match = pulls.find((p) => p.head.sha === run.headSha);
    if (match) return match.number;
  }
  const { data } = await client.rest.repos.listPullRequestsAssociatedWithCommit({ ...where, commit_sha: run.headSha });
  const match = data.find((p) => p.state === 'open' && p.head.sha === run.headSha);
  return match ? match.number : null;
}

/** The artifact of a given name made by one workflow run. */
export async function findRunArtifact(client: GitHubClient, where: { owner: string; repo: string }, runId: number, name: string): Promise<number | null> {
  const artifacts = (await client.paginate(client.rest.actions.listWorkflowRunArtifacts, { ...where, run_id: runId, per_page: 100 })) as ListedArtifact[];
  const match = artifacts.find((a) => a.name === name && !a.expired);
  return match ? match.id : null;
}

/** The HTTP status of an Octokit error, if it has one. */
export function statusOf(error: unknown): number | null {
  const status = (error as { status?: unknown })?.status;
  return typeof status === 'number' ? status : null;
}
