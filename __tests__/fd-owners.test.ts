/**
 * Descriptor leaks name the line that opened the descriptors and what holds their owners (issue 15):
 * real leakgate runs of the examples, the benchmark's keep-alive socket scenario and a file leak,
 * on the default Python and on the oldest supported one.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { renderMarkdown } from '../src/report/markdown.js';
import type { Report } from '../src/report/types.js';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';

const TIMEOUT_MS = 240_000;

const KEEPALIVE = 'bench/scenarios/leak_fd_keepalive_sockets.py';

// A file leak whose owners are kept: each cycle opens the log with open() and keeps the file object.
const KEPT_FILES = `import os, tempfile

_folder = tempfile.mkdtemp(prefix="leakgate-files-")
_path = os.path.join(_folder, "events.log")
_open_logs = []


def setup():
    with open(_path, "w") as log:
        log.write("started\\n")


def cycle():
    log = open(_path)  # leakgate: leak-site
    assert log.readline() == "started\\n"
    _open_logs.append(log)
`;

function scenarioOf(report: Report | null) {
  expect(report).not.toBeNull();
  return report!.scenarios[0];
}

function keptFilesScenario(): string {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-fd-owners-'));
  const path = join(folder, 'kept_files.py');
  writeFileSync(path, KEPT_FILES);
  return path;
}

describe('a descriptor leak names the line that opened the descriptors and what holds them', () => {
  it(
    'a descriptor opened with os.open and dropped: the opening line in user code, and no object that holds it',
    async () => {
      const run = await leakgate(['run', 'examples/fd_leak/leaky.py']);
      const s = scenarioOf(run.report);
      expect(s.leak.kind).toBe('fd');
      const line = run.report && s.fdOwners?.[0];
      expect(line).toMatchObject({ kind: 'file', objectType: null, retainedBy: null });
      expect(line!.target).toMatch(/config\.json$/);
      expect(line!.perCycle).toBeCloseTo(1, 5);
      const opening =
        readFileSync(join(ROOT, 'examples/fd_leak/leaky.py'), 'utf8')
          .split('\n')
          .findIndex((text) => text.includes('fd = os.open(')) + 1;
      expect(line!.frames[0]).toMatchObject({ file: 'examples/fd_leak/leaky.py', line: opening, function: 'cycle', userCode: true });
      expect(run.stdout).toContain('Leaking descriptors');
      expect(run.stdout).toMatch(
        new RegExp(`\\+1 file per cycle \\(\`/.*config\\.json\`\\), opened at \`examples/fd_leak/leaky\\.py:${opening}\` \\(\`fd = os\\.open\\(`),
      );
      expect(run.stdout).toContain('held by no Python object');
    },
    TIMEOUT_MS,
  );

  it(
    "pipes made with os.pipe and dropped (no audit event, no owner): the line that made them, seen by the window's profile hook",
    async () => {
      const target = 'bench/scenarios/leak_fd.py';
      const run = await leakgate(['run', target]);
      const s = scenarioOf(run.report);
      expect(s.leak.kind).toBe('fd');
      const pipes = s.fdOwners?.[0];
      expect(pipes).toMatchObject({ kind: 'pipe', objectType: null, retainedBy: null });
      const opening =
        readFileSync(join(ROOT, target), 'utf8')
          .split('\n')
          .findIndex((text) => text.includes('= os.pipe()')) + 1;
      expect(pipes!.frames[0]).toMatchObject({ file: target, line: opening, function: 'cycle', userCode: true });
      expect(run.stdout).toContain(`+2 pipes per cycle, opened at \`${target}:${opening}\``);
    },
    TIMEOUT_MS,
  );

  it(
    'keep-alive connections kept in a list: "+1 socket per cycle, opened at <the request line>, held by <the module list>"',
    async () => {
      const run = await leakgate(['run', KEEPALIVE]);
      const s = scenarioOf(run.report);
      expect(s.leak.kind).toBe('fd');
      const client = s.fdOwners?.[0];
      const marker = leakSiteLine(join(ROOT, KEEPALIVE));
      expect(client).toMatchObject({ kind: 'socket', target: 'socket', objectType: 'socket.socket' });
      expect(client!.frames.find((f) => f.userCode)).toMatchObject({ file: KEEPALIVE, line: marker, function: 'cycle' });
      expect(client!.retainedBy).toMatch(/^leak_fd_keepalive_sockets\._clients \(list\) → \[\d+\] \(http\.client\.HTTPConnection\)\.sock → socket\.socket$/);
      expect(client!.retainedByRoot).toMatchObject({ label: 'leak_fd_keepalive_sockets._clients', userCode: true });
      expect(run.stdout).toMatch(new RegExp(`\\+1 socket per cycle, opened at \`${KEEPALIVE.replace(/[.]/g, '\\.')}:${marker}\` \\(\`connection\\.request\\(`));
      expect(run.stdout).toContain('held by `leak_fd_keepalive_sockets._clients (list)');
      // The server thread's accepted sockets come after, said to be opened in a library.
      expect(s.fdOwners!.slice(1).every((o) => !o.frames.some((f) => f.userCode))).toBe(true);
      const markdown = renderMarkdown(run.report!);
      expect(markdown).toContain('**Leaking descriptors**');
      expect(markdown).toContain(`- +1 socket per cycle, opened at \`bench/scenarios/leak_fd_keepalive_sockets.py:${marker}\` (\`connection.request(`);
      expect(markdown).toContain('held by `leak_fd_keepalive_sockets._clients (list) → ');
    },
    TIMEOUT_MS,
  );

  it.each([
    { what: 'the default Python', python: 'python3', env: {} as Record<string, string> },
    // pyenv's shim runs python3.9 only when 3.9 is among the selected versions.
    { what: 'Python 3.9', python: 'python3.9', env: { PYENV_VERSION: process.env.PYENV_VERSION ?? '3.9.18' } },
  ])(
    'file objects kept in a list, on $what: the open() line and the list that holds them',
    async ({ python, env }) => {
      const path = keptFilesScenario();
      const run = await leakgate(['run', path, '--python', python], { env });
      expect(run.report?.scenarios[0].environment.python).toMatch(python === 'python3.9' ? /^3\.9\./ : /^3\./);
      const s = scenarioOf(run.report);
      expect(s.leak.kind).toBe('fd');
      const files = s.fdOwners?.[0];
      expect(files).toMatchObject({ kind: 'file', objectType: '_io.TextIOWrapper' });
      expect(files!.target).toMatch(/events\.log$/);
      expect(files!.frames[0]).toMatchObject({ line: leakSiteLine(path), function: 'cycle', userCode: true });
      expect(files!.retainedBy).toMatch(/^kept_files\._open_logs \(list\) → \[\d+\] → _io\.TextIOWrapper$/);
    },
    TIMEOUT_MS,
  );

  it(
    'a clean descriptor example gets no descriptor owners and no traced window',
    async () => {
      const run = await leakgate(['run', 'examples/fd_leak/clean.py']);
      const s = scenarioOf(run.report);
      expect(run.exitCode).toBe(0);
      expect(s.leak.detected).toBe(false);
      expect(s.fdOwners).toBeUndefined();
      expect(s.timing.tracedCycles).toBe(0);
      expect(run.stdout).not.toContain('Leaking descriptors');
    },
    TIMEOUT_MS,
  );
});
