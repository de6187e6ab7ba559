/**
 * A stand-in for GitHub's REST API on loopback (port 0): it records every request and answers
 * with realistic JSON from its in-memory state. Faults are injected per route.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  url: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: any;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
  html_url: string;
}

export interface FakeArtifact {
  id: number;
  name: string;
  expired: boolean;
  created_at: string;
  workflow_run: { id: number; repository_id: number; head_repository_id: number; head_branch: string; head_sha: string };
}

export interface FakeRun {
  id: number;
  event: string;
  head_repository: { id: number };
  /** As GitHub answers them: the run's branch, commit and page (the comment names the baseline by them). */
  head_branch?: string;
  head_sha?: string;
  html_url?: string;
  artifacts?: FakeArtifact[];
}

export interface Fault {
  method: string;
  /** Matched against the path without the query string. */
  path: RegExp;
  status: number;
  times: number;
  body?: object;
  /** Wait this long before answering (a hung API); the answer is then `status` with `body`. */
  delayMs?: number;
}

export interface GitHubState {
  owner: string;
  repo: string;
  repositoryId: number;
  /** The login of the token's user; null makes GET /user answer 403, as for a GITHUB_TOKEN. */
  login: string | null;
  comments: Map<number, FakeComment[]>;
  artifacts: FakeArtifact[];
  runs: Map<number, FakeRun>;
  pulls: { number: number; state: string; head: { sha: string; ref: string; label: string } }[];
  faults: Fault[];
  nextId: number;
}

export interface FakeGitHub {
  url: string;
  state: GitHubState;
  requests: RecordedRequest[];
  close: () => Promise<void>;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
  res.end(JSON.stringify(body));
};

async function readBody(req: IncomingMessage): Promise<any> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Serve a list page by page with a Link header, as GitHub does. */
function paged(res: ServerResponse, base: string, url: URL, items: unknown[], wrap?: (page: unknown[]) => unknown) {
  const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
  const page = Number(url.searchParams.get('page') ?? 1);
  const slice = items.slice((page - 1) * perPage, page * perPage);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const headers: Record<string, string> = {};
  if (page < last) {
    const next = new URL(url.toString(), base);
    next.searchParams.set('page', String(page + 1));
    const lastUrl = new URL(url.toString(), base);
    lastUrl.searchParams.set('page', String(last));
    headers.link = `<${next.toString()}>; rel="next", <${lastUrl.toString()}>; rel="last"`;
  }
  json(res, 200, wrap ? wrap(slice) : slice, headers);
}

/** Start the server with an initial state. */
export async function startFakeGitHub(initial: Partial<GitHubState> = {}): Promise<FakeGitHub> {
  const state: GitHubState = {
    owner: 'acme',
    repo: 'shop',
    repositoryId: 1001,
    login: null,
    comments: new Map(),
    artifacts: [],
    runs: new Map(),
    pulls: [],
    faults: [],
    nextId: 5000,
    ...initial,
  };
  const requests: RecordedRequest[] = [];
  const pending = new Set<NodeJS.Timeout>();
  let base = '';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', base);
    const body = await readBody(req);
    const method = req.method ?? 'GET';
    requests.push({ method, url: url.pathname + url.search, path: url.pathname, headers: req.headers, body });
    const fault = state.faults.find((f) => f.method === method && f.path.test(url.pathname) && f.times > 0);
    if (fault) {
      fault.times -= 1;
      if (fault.delayMs) {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, fault.delayMs);
          pending.add(timer);
          res.on('close', () => {
            clearTimeout(timer);
            pending.delete(timer);
            resolve();
          });
        });
        if (res.destroyed) return;
      }
      return json(res, fault.status, fault.body ?? { message: `injected ${fault.status}`, documentation_url: 'https://docs.github.com/rest' });
    }
    const repoPrefix = `/repos/${state.owner}/${state.repo}`;
    const path = url.pathname;
    let m: RegExpMatchArray | null;
    if (method === 'GET' && path === '/user') {
      return state.login
        ? json(res, 200, { login: state.login, id: 1, type: 'User' })
        : json(res, 403, {
            message: 'Resource not accessible by integration',
            documentation_url: 'https://docs.github.com/rest/users/users#get-the-authenticated-user',
          });
    }
    if (method === 'GET' && path === `${repoPrefix}/actions/artifacts`) {
      const name = url.searchParams.get('name');
      const items = state.artifacts.filter((a) => !name || a.name === name);
      return paged(res, base, url, items, (page) => ({ total_count: items.length, artifacts: page }));
    }
    if (method === 'GET' && (m = path.match(new RegExp(`^${repoPrefix}/actions/runs/(\\d+)/artifacts$`)))) {
      const run = state.runs.get(Number(m[1]));
      const items = run?.artifacts ?? [];
      return paged(res, base, url, items, (page) => ({ total_count: items.length, artifacts: page }));
    }
    if (method === 'GET' && (m = path.match(new RegExp(`^${repoPrefix}/actions/runs/(\\d+)$`)))) {
      const run = state.runs.get(Number(m[1]));
      return run ? json(res, 200, run) : json(res, 404, { message: 'Not Found' });
    }
    if ((m = path.match(new RegExp(`^${repoPrefix}/issues/(\\d+)/comments$`)))) {
      const number = Number(m[1]);
      const list = state.comments.get(number) ?? [];
      if (method === 'GET') return paged(res, base, url, list);
      if (method === 'POST') {
        const id = state.nextId++;
        const now = new Date().toISOString();
        const comment: FakeComment = {
          id,
          body: body.body,
          user: { login: state.login ?? 'github-actions[bot]', type: state.login ? 'User' : 'Bot' },
          created_at: now,
          updated_at: now,
          html_url: `https://github.com/${state.owner}/${state.repo}/pull/${number}#issuecomment-${id}`,
        };
        state.comments.set(number, [...list, comment]);
        return json(res, 201, comment);
      }
    }
    if ((m = path.match(new RegExp(`^${repoPrefix}/issues/comments/(\\d+)$`)))) {
      const id = Number(m[1]);
      for (const [number, list] of state.comments) {
        const index = list.findIndex((c) => c.id === id);
        if (index < 0) continue;
        if (method === 'PATCH') {
          list[index] = { ...list[index], body: body.body, updated_at: new Date().toISOString() };
          return json(res, 200, list[index]);
        }
        if (method === 'DELETE') {
          state.comments.set(
            number,
            list.filter((c) => c.id !== id),
          );
          res.writeHead(204);
          return res.end();
        }
      }
      return json(res, 404, { message: 'Not Found' });
    }
    if (method === 'GET' && path === `${repoPrefix}/pulls`) {
      const head = url.searchParams.get('head');
      const items = state.pulls.filter((p) => p.state === (url.searchParams.get('state') ?? 'open') && (!head || p.head.label === head));
      return paged(res, base, url, items);
    }
    if (method === 'GET' && (m = path.match(new RegExp(`^${repoPrefix}/commits/([0-9a-f]+)/pulls$`)))) {
      return json(
        res,
        200,
        state.pulls.filter((p) => p.head.sha === m![1]),
      );
    }
    return json(res, 404, { message: `Not Found (fake GitHub has no route for ${method} ${path})` });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url: base,
    state,
    requests,
    close: () =>
      new Promise((resolve) => {
        for (const timer of pending) clearTimeout(timer);
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** A comment by the given login carrying the given body. */
export function fakeComment(id: number, body: string, login = 'github-actions[bot]', createdAt = '2026-11-01T00:00:00Z'): FakeComment {
  return {
    id,
    body,
    user: { login, type: login.endsWith('[bot]') ? 'Bot' : 'User' },
    created_at: createdAt,
    updated_at: createdAt,
    html_url: `https://github.com/acme/shop/pull/7#issuecomment-${id}`,
  };
}
