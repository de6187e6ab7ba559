/**
 * Every run ends, promptly, and says what it left behind (issue 10), and what the scenario
 * writes into leakgate's channels is data, not a crash (issue 11). Real processes throughout:
 * the CLI from src/, real python3, scenario files written by each test into a folder of its own.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { runHarness } from '../src/harness/python-harness.js';
import type { Report } from '../src/report/types.js';
import { CHILD_ENV, CLI, cliArgs, copySource, leakgate, NODE, ROOT } from './helpers/cli.js';
import { settings } from './helpers/synthetic.js';

// The default test time-out (jest.config.js, 120 s) covers each test: none waits for a time-out of its own beyond 15 s.

/** A fresh folder with these scenario files in it. */
function scenarios(files: Record<string, string>): string {
  const folder = mkdtempSync(join(tmpdir(), 'leakgate-lifecycle-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return folder;
}

/** The 1-based line of `marker` in `text`. */
const lineOf = (text: string, marker: string) => text.split('\n').findIndex((line) => line.includes(marker)) + 1;

/** Whether process `pid` is running (a zombie, dead and waiting to be reaped, is not). */
function running(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return !['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2)[0]);
  } catch {
    return false;
  }
}

/** The live processes of process group `pgid`, from /proc. */
function groupMembers(pgid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, 'latin1');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return Number(fields[2]) === pgid && !['Z', 'X'].includes(fields[0]);
      } catch {
        return false;
      }
    })
    .map(Number);
}

const leakgateFolders = (folder: string) => readdirSync(folder).filter((name) => name.startsWith('leakgate-'));

// Writes the harness's pid and process group (the scenario's group) for the test to check.
const RECORD_PIDS = `
import os, json

def record_pids(path, **extra):
    with open(path, "w") as handle:
        json.dump(dict(extra, pid=os.getpid(), pgid=os.getpgid(0)), handle)
`;

describe('a run always ends, promptly, and says what it left behind', () => {
  it('a non-daemon thread still running after teardown() does not hold the run: it ends in seconds, with a warning naming the thread and the line that started it', async () => {
    const scenario = `import threading, time


def poll():
    while True:
        time.sleep(0.05)  # leakgate: thread runs here


def setup():
    threading.Thread(target=poll, name="poller").start()  # leakgate: thread started here


def cycle():
    return [1] * 10
`;
    const folder = scenarios({ 'thread_left.py': scenario });
    const started = Date.now();
    const result = await leakgate(['run', 'thread_left.py', '--cycles', '20', '--warmup', '5', '--timeout', '150'], { cwd: folder });
    const seconds = (Date.now() - started) / 1000;
    // Before: Python's exit waited for the thread until the 150 s time-out, then passed.
    expect(seconds).toBeLessThan(100);
    expect(result.exitCode).toBe(0);
    const warnings = result.report!.warnings;
    expect(warnings).toEqual([expect.stringContaining("thread 'poller' was still running after teardown()")]);
    expect(warnings[0]).toContain(`started at ${join(folder, 'thread_left.py')}:${lineOf(scenario, 'thread started here')}`);
    expect(warnings[0]).toContain(`running at ${join(folder, 'thread_left.py')}:${lineOf(scenario, 'thread runs here')} in poll`);
    expect(result.stdout).toContain("warning: thread_left.py: thread 'poller'");
  });

  it('a child process that ignores SIGTERM and holds the output pipes is ended with its group, and named', async () => {
    const folder = scenarios({
      'child_left.py': `${RECORD_PIDS}
import os, subprocess, sys, time

CHILD = "import signal, sys, time; signal.signal(signal.SIGTERM, signal.SIG_IGN); open(sys.argv[1], 'w').close(); print('child up', flush=True); time.sleep(1000)"


def setup():
    # Inherits stdout and stderr: the pipes stay open as long as it runs.
    child = subprocess.Popen([sys.executable, "-c", CHILD, "child_ready"])
    # Only once it ignores SIGTERM is it a child that SIGTERM cannot end (a slow start on a
    # loaded machine would otherwise let SIGTERM end it before it set its handler).
    deadline = time.monotonic() + 60
    while not os.path.exists("child_ready") and time.monotonic() < deadline:
        time.sleep(0.01)
    record_pids("pids.json", child=child.pid)


def cycle():
    pass
`,
    });
    const started = Date.now();
    const result = await leakgate(['run', 'child_left.py', '--cycles', '20', '--warmup', '5', '--timeout', '150'], { cwd: folder });
    expect((Date.now() - started) / 1000).toBeLessThan(100);
    expect(result.exitCode).toBe(0);
    const pids = JSON.parse(readFileSync(join(folder, 'pids.json'), 'utf8')) as { pid: number; pgid: number; child: number };
    expect(pids.pgid).toBe(pids.pid); // the harness leads a group of its own
    expect(running(pids.child)).toBe(false);
    expect(groupMembers(pids.pgid)).toEqual([]);
    expect(result.report!.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `process ${pids.child} \\(.*python.* -c import signal, sys, time; .*\\), started by the scenario, was still running after the run: leakgate ended it \\(SIGTERM, then SIGKILL`,
        ),
      ),
    ]);
  });

  it('a process that left the group (a new session) and holds the pipes does not hold the run', async () => {
    const folder = scenarios({
      'escaped.py': `${RECORD_PIDS}
import subprocess, sys


def setup():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True)
    record_pids("pids.json", child=child.pid)


def cycle():
    pass
`,
    });
    let child: number | null = null;
    try {
      const started = Date.now();
      const result = await leakgate(['run', 'escaped.py', '--cycles', '20', '--warmup', '5', '--timeout', '150'], { cwd: folder });
      child = (JSON.parse(readFileSync(join(folder, 'pids.json'), 'utf8')) as { child: number }).child;
      // Before: the run waited for the pipes until the child ended (120 s).
      expect((Date.now() - started) / 1000).toBeLessThan(100);
      expect(running(child)).toBe(true); // out of leakgate's reach, as documented
      expect(result.exitCode).toBe(0);
    } finally {
      if (child !== null && running(child)) process.kill(child, 'SIGKILL');
    }
  });

  it('a time-out reports the stack of every thread, innermost first, naming the line that hangs', async () => {
    const scenario = `import threading, time

lock = threading.Lock()
calls = 0


def background():
    while True:
        time.sleep(0.1)  # leakgate: background line


def setup():
    threading.Thread(target=background, name="ticker", daemon=True).start()


def wait_for_the_lock():
    lock.acquire()  # leakgate: hangs here


def cycle():
    global calls
    calls += 1
    if calls == 30:
        lock.acquire()
        wait_for_the_lock()  # leakgate: called here
`;
    const folder = scenarios({ 'hang.py': scenario });
    const result = await leakgate(['run', 'hang.py', '--cycles', '20', '--warmup', '20', '--timeout', '15'], { cwd: folder });
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.kind).toBe('timeout');
    expect(error.message).toContain('during cycle 30 (measure)');
    const file = join(folder, 'hang.py');
    const stack = error.traceback!;
    // The hanging thread: innermost frame first, then its caller; no harness frames.
    expect(stack).toMatch(
      new RegExp(
        `File "${file}", line ${lineOf(scenario, 'hangs here')} in wait_for_the_lock\\n\\s*File "${file}", line ${lineOf(scenario, 'called here')} in cycle`,
      ),
    );
    expect(stack).toContain(`File "${file}", line ${lineOf(scenario, 'background line')} in background`);
    expect(stack).not.toContain(join(ROOT, 'src', 'harness', 'python'));
    expect(result.stdout).toContain(`line ${lineOf(scenario, 'hangs here')} in wait_for_the_lock`);
  });
});

describe('whatever throws inside a run, its process, its group, its timers and its folder are released', () => {
  // Each hook throws at a different moment of the run: while the harness waits for its answer,
  // in the middle of the measured cycles, and during teardown after the traced window.
  it.each([
    {
      what: 'a planTrace that throws (the harness is waiting for its answer)',
      hooks: {
        planTrace: () => {
          throw new Error('a bug in the planner');
        },
      },
    },
    {
      what: 'an onProgress that throws in the middle of the measured cycles',
      hooks: {
        planTrace: () => ({ trace: false }) as never,
        onProgress: (e: { phase: string; cycle: number }) => {
          if (e.phase === 'measure' && e.cycle >= 10) throw new Error('a bug in the progress bar');
        },
      },
    },
    {
      what: 'an onProgress that throws at teardown, after the traced window',
      hooks: {
        planTrace: () => ({
          trace: true,
          cycles: 3,
          budgetSeconds: 30,
          checkpoints: 2,
          types: [],
          retentionSeconds: 0,
          endEarly: false,
          descriptors: false,
          reasons: [],
        }),
        onProgress: (e: { phase: string }) => {
          if (e.phase === 'teardown') throw new Error('a bug in the progress bar');
        },
      },
    },
  ])('$what: the error reaches the caller, no Python process, timer or watcher is left, the run folder is gone', async ({ hooks }) => {
    const folder = scenarios({
      'planned.py': `${RECORD_PIDS}
import subprocess, sys


def setup():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])
    record_pids("pids.json", child=child.pid)


def cycle():
    return [1] * 10


def teardown():
    pass
`,
    });
    const temp = join(folder, 'tmp');
    mkdirSync(temp);
    const saved = process.env.TMPDIR;
    // What the run holds open, counted by kind, before and after: a time-out left running shows as one more Timeout.
    const held = () => {
      const counts = new Map<string, number>();
      for (const kind of process.getActiveResourcesInfo()) counts.set(kind, (counts.get(kind) ?? 0) + 1);
      return Object.fromEntries(['Timeout', 'ProcessWrap', 'FSEventWrap', 'PipeWrap'].map((kind) => [kind, counts.get(kind) ?? 0]));
    };
    const before = held();
    process.env.TMPDIR = temp; // the run folder goes under os.tmpdir()
    try {
      const run = runHarness(settings({ name: 'planned.py', target: 'planned.py', cwd: folder, cycles: 20, warmup: 5, timeoutSeconds: 150 }), hooks as never);
      await expect(run).rejects.toThrow(/a bug in the (planner|progress bar)/);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
    // Short timers of other work in this process (jest's, a previous test's polling) end within
    // moments; the run's own time-out (150 s) would not: wait out the short ones, then count.
    const exceeds = (counts: Record<string, number>) => Object.entries(counts).some(([kind, count]) => count > before[kind]);
    let after = held();
    for (let waited = 0; waited < 5_000 && exceeds(after); waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      after = held();
    }
    for (const [kind, count] of Object.entries(after)) expect({ kind, count }).toEqual({ kind, count: Math.min(count, before[kind]) });
    expect(leakgateFolders(temp)).toEqual([]);
    const pids = JSON.parse(readFileSync(join(folder, 'pids.json'), 'utf8')) as { pid: number; pgid: number; child: number };
    // The harness itself was reaped before runHarness settled; the rest of its group got SIGKILL and may take a moment to go.
    expect(running(pids.pid)).toBe(false);
    for (let waited = 0; waited < 10_000 && groupMembers(pids.pgid).length > 0; waited += 100) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(groupMembers(pids.pgid)).toEqual([]);
    expect(running(pids.child)).toBe(false);
  });
});

describe('one cycle numbering for every failure: the 30th cycle is "cycle 30"', () => {
  const failing = (line: string) => `import ctypes, os, time

calls = 0


def cycle():
    global calls
    calls += 1
    if calls == 30:
        ${line}
`;
  it.each([
    { what: 'a raise', line: 'raise ValueError("thirty")', kind: 'cycle-raised', message: /^cycle 30 \(measure\) raised/, extra: [] },
    { what: 'a hang', line: 'time.sleep(3600)', kind: 'timeout', message: /during cycle 30 \(measure\)/, extra: ['--timeout', '15'] },
    { what: 'os._exit', line: 'os._exit(7)', kind: 'exited', message: /exited with code 7 during cycle 30 \(measure\)/, extra: [] },
    { what: 'a segfault', line: 'ctypes.string_at(0)', kind: 'crash', message: /crashed with SIGSEGV during cycle 30 \(measure\)/, extra: [] },
  ])('$what at the 30th cycle', async ({ line, kind, message, extra }) => {
    const folder = scenarios({ 'fails.py': failing(line) });
    const result = await leakgate(['run', 'fails.py', '--warmup', '20', '--cycles', '20', ...extra], { cwd: folder });
    const error = result.report!.scenarios[0].error!;
    expect(error.kind).toBe(kind);
    expect(error.message).toMatch(message);
    expect(error.cycle).toBe(30);
    // What was measured before is kept: the 29 cycles that completed.
    expect(Math.max(...result.report!.scenarios[0].series.cycles.cycle)).toBe(29);
  });
});

describe('Ctrl-C, SIGTERM and SIGHUP stop the scenario, write the reports and clean up', () => {
  it.each([
    { signal: 'SIGINT' as const, code: 130 },
    { signal: 'SIGTERM' as const, code: 143 },
    { signal: 'SIGHUP' as const, code: 129 },
  ])('$signal mid-run: exit $code, no Python left, the JSON says "interrupted", no leakgate-* folder left', async ({ signal, code }) => {
    const folder = scenarios({
      'slow.py': `${RECORD_PIDS}
import subprocess, sys, time


def setup():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(1000)"])
    record_pids("pids.json", child=child.pid)


def cycle():
    time.sleep(0.02)
`,
      'second.py': 'def cycle():\n    pass\n',
    });
    const temp = join(folder, 'tmp');
    mkdirSync(temp);
    const jsonPath = join(folder, 'report.json');
    const cli = spawn(
      NODE,
      [...CLI, 'run', 'slow.py', 'second.py', '--cycles', '100000', '--progress', 'lines', '--json', jsonPath, '--markdown', join(folder, 'report.md')],
      {
        cwd: folder,
        env: { ...process.env, ...CHILD_ENV, TMPDIR: temp, CI: 'true', NO_COLOR: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    let stderr = '';
    cli.stdout.resume();
    const exited = new Promise<number | null>((resolve) => cli.once('exit', (exitCode) => resolve(exitCode)));
    try {
      // Wait until the measured phase is under way: progress comes from the harness's records.
      await new Promise<void>((resolve, reject) => {
        cli.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (/slow\.py: measure \(cycle \d+/.test(stderr)) resolve();
        });
        cli.once('exit', () => reject(new Error(`the CLI exited before the measured phase:\n${stderr}`)));
      });
      const before = Date.now();
      cli.kill(signal);
      expect(await exited).toBe(code);
      expect((Date.now() - before) / 1000).toBeLessThan(30);
    } finally {
      if (cli.exitCode === null) cli.kill('SIGKILL');
    }
    const pids = JSON.parse(readFileSync(join(folder, 'pids.json'), 'utf8')) as { pid: number; pgid: number; child: number };
    expect(running(pids.pid)).toBe(false);
    expect(running(pids.child)).toBe(false);
    expect(groupMembers(pids.pgid)).toEqual([]);
    expect(leakgateFolders(temp)).toEqual([]);
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
    expect(report.verdict).toBe('error');
    const [slow, second] = report.scenarios;
    expect(slow.error!.kind).toBe('interrupted');
    // "during cycle N" inside a cycle, "after cycle N" in a checkpoint between cycles.
    expect(slow.error!.message).toMatch(new RegExp(`^interrupted by ${signal} (during|after) cycle \\d+ \\(measure\\)`));
    expect(slow.series.cycles.cycle.length).toBeGreaterThan(0); // what was measured is kept
    expect(second.error!.kind).toBe('interrupted');
    expect(second.error!.message).toBe(`interrupted by ${signal} before it started`);
    expect(readFileSync(join(folder, 'report.md'), 'utf8')).toContain(`interrupted by ${signal}`);
    expect(stderr).toContain(`leakgate: interrupted by ${signal}`);
  });
});

describe('names and interpreters', () => {
  it('a scenario file whose name is not UTF-8 (caf\\xe9.py) loads and runs', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-lifecycle-'));
    writeFileSync(Buffer.concat([Buffer.from(`${folder}/caf`), Buffer.from([0xe9]), Buffer.from('.py')]), 'def cycle():\n    return [1] * 10\n');
    const jsonPath = join(folder, 'report.json');
    // Through a shell, so that the name reaches the CLI as the raw byte 0xE9 (node would send UTF-8).
    const result = await execa('sh', ['-c', `exec "$0" "$1" "$2" "$3" run "$(printf 'caf\\351.py')" --cycles 10 --json "$4"`, NODE, ...CLI, jsonPath], {
      cwd: folder,
      reject: false,
      env: { ...CHILD_ENV, CI: 'true', NO_COLOR: '1' },
    });
    const report = JSON.parse(readFileSync(jsonPath, 'utf8')) as Report;
    expect(report.scenarios[0].error).toBeNull();
    expect(result.exitCode).toBe(0);
    expect(report.scenarios[0].verdict).toBe('pass');
  });

  it('an error before any cycle ran shows only the error: no growth table, no Python version', async () => {
    const result = await leakgate(['run', 'no/such/scenario.py']);
    expect(result.exitCode).toBe(2);
    expect(result.stdout).toContain('scenario file not found: no/such/scenario.py');
    expect(result.stdout).not.toContain('Growth per cycle');
    expect(result.stdout).not.toMatch(/Python \d+\.\d+/);
  });
});

describe("what the scenario writes into leakgate's channels is data, not a crash", () => {
  // The scenario finds the run's folder in the harness's settings file (its argv[1]).
  const channels = `import json, os, sys, time

SETTINGS = json.load(open(sys.argv[1]))
calls = 0
`;
  it.each([
    {
      what: 'an error record whose traceback is a number',
      write: `with open(SETTINGS["recordsPath"], "a") as h:
            h.write(json.dumps({"t": "error", "kind": "cycle-raised", "message": "forged", "cycle": 3, "traceback": 12345}) + "\\n")`,
      message: "the harness wrote a malformed record: field 'traceback' of record 'error' (line",
      detail: 'is a number (12345), not a string',
    },
    {
      what: 'a checkpoint whose type counts are strings',
      write: `with open(SETTINGS["recordsPath"], "a") as h:
            h.write(json.dumps({"t": "checkpoint", "cycle": 3, "phase": "warmup", "blocks": 1, "rssBytes": 1, "fds": 1, "heapBytes": 1, "seconds": 0, "types": {"constructor": "many"}}) + "\\n")`,
      message: "field 'types.constructor' of record 'checkpoint'",
      detail: 'is a string ("many"), not a finite number',
    },
    {
      what: 'a 40 MiB record without a newline',
      write: `with open(SETTINGS["recordsPath"], "ab") as h:
            for _ in range(40):
                h.write(b"x" * (1 << 20))
        time.sleep(1000)`,
      message: 'of the records file is over 16 MiB long',
      detail: 'stopped reading it',
    },
    {
      what: 'a 3 GiB sparse samples file',
      write: `os.truncate(SETTINGS["samplesPath"], 3 << 30)`,
      message: 'the samples file is 3221225472 bytes, more than the',
      // 10 warm-up + 30 measured + 30 of the extension that may confirm growth + 5 profiled for a
      // native lead + 10 traced.
      detail: 'bytes that 85 cycles need',
    },
  ])('$what: a clear error at once, Python ended, the run folder removed', async ({ write, message, detail }) => {
    const folder = scenarios({
      'hostile.py': `${channels}${RECORD_PIDS}

def cycle():
    global calls
    calls += 1
    if calls == 1:
        record_pids("pids.json")
    if calls == 3:
        ${write}
`,
    });
    const temp = join(folder, 'tmp');
    mkdirSync(temp);
    const started = Date.now();
    const result = await leakgate(['run', 'hostile.py', '--cycles', '30', '--warmup', '10', '--timeout', '150'], { cwd: folder, env: { TMPDIR: temp } });
    expect((Date.now() - started) / 1000).toBeLessThan(100); // not until the time-out
    expect(result.exitCode).toBe(2);
    expect(result.stderr).not.toContain('internal error');
    const error = result.report!.scenarios[0].error!;
    expect(error.kind).toBe('harness-output');
    expect(error.message).toContain(message);
    expect(error.message).toContain(detail);
    expect(result.stdout).toContain(message);
    const pids = JSON.parse(readFileSync(join(folder, 'pids.json'), 'utf8')) as { pid: number };
    expect(running(pids.pid)).toBe(false);
    expect(leakgateFolders(temp)).toEqual([]);
  });
});

describe('the harness runs only its shipped source: a planted bytecode file is never executed', () => {
  it('a .pyc for a harness module planted by one run (in the old cache and beside the harness) does not run in the next', async () => {
    // A copy of the source, so that planting beside the harness cannot touch the one other tests run.
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-planting-'));
    const source = copySource(folder);
    const harness = join(source, 'src', 'harness', 'python');
    const temp = join(folder, 'tmp');
    mkdirSync(temp);
    const marker = join(folder, 'PWNED');
    const work = join(folder, 'work');
    mkdirSync(work);
    writeFileSync(
      join(work, 'plant.py'),
      `import importlib._bootstrap_external as external, importlib.util, os, sys

HARNESS = ${JSON.stringify(join(harness, 'leakgate_harness', 'run.py'))}
EVIL = "open(%r, 'w').write('pwned')\\nraise SystemExit(0)\\n" % ${JSON.stringify(marker)}


def plant():
    info = os.stat(HARNESS)
    # The header of a timestamp .pyc says "compiled from a file of this mtime and size": the real file's.
    data = external._code_to_timestamp_pyc(compile(EVIL, HARNESS, "exec"), int(info.st_mtime), info.st_size)
    beside = importlib.util.cache_from_source(HARNESS)
    sys.pycache_prefix = os.path.join(os.environ["TMPDIR"], "leakgate-bytecode-%d" % os.getuid())
    cached = importlib.util.cache_from_source(HARNESS)
    sys.pycache_prefix = None
    for path in (beside, cached):
        os.makedirs(os.path.dirname(path), mode=0o700, exist_ok=True)
        with open(path, "wb") as handle:
            handle.write(data)


def cycle():
    pass


plant()
`,
    );
    writeFileSync(join(work, 'clean.py'), 'def cycle():\n    return [1] * 10\n');
    const run = (target: string) =>
      execa(NODE, [...cliArgs(source), 'run', target, '--cycles', '10', '--json', join(folder, `${target}.json`)], {
        cwd: work,
        env: { ...CHILD_ENV, TMPDIR: temp, CI: 'true', NO_COLOR: '1' },
        reject: false,
      });
    expect((await run('plant.py')).exitCode).toBe(0);
    expect(existsSync(join(harness, 'leakgate_harness', '__pycache__'))).toBe(true); // the plant is in place
    const next = await run('clean.py');
    expect(existsSync(marker)).toBe(false);
    expect(next.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(join(folder, 'clean.py.json'), 'utf8')) as Report;
    expect(report.scenarios[0].verdict).toBe('pass');
  });
});
