/**
 * The command line's contract: exit codes 0/1/2, and a clear message plus a JSON report
 * with verdict "error" for every kind of bad input, keeping what was measured before it.
 */
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FIXTURES, leakgate } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const fixture = (name: string) => join(FIXTURES, name);

describe('bad flags exit 2 with a message naming the flag, the value and what is accepted', () => {
  it.each([
    {
      what: 'a word where a number belongs',
      args: ['run', 'x.py', '--cycles', 'ten'],
      message: "--cycles must be an integer from 10 to 1000000, but got 'ten'",
    },
    { what: 'too few cycles', args: ['run', 'x.py', '--cycles', '3'], message: '--cycles must be an integer from 10 to 1000000, but got 3' },
    { what: 'a fractional frame depth', args: ['run', 'x.py', '--frames', '2.5'], message: "--frames must be an integer from 1 to 100, but got '2.5'" },
    { what: 'a negative time-out', args: ['run', 'x.py', '--timeout=-1'], message: '--timeout must be a number from 1 to 86400, but got -1' },
    {
      what: 'an unknown flag, with the flag it is a typo of',
      args: ['run', 'x.py', '--cycels', '5'],
      message: 'leakgate: unknown option --cycels; did you mean --cycles?\n',
    },
    {
      what: 'an unknown flag written with = and a value',
      args: ['run', 'x.py', '--warmpu=5'],
      message: 'leakgate: unknown option --warmpu; did you mean --warmup?\n',
    },
    {
      what: 'a typo of a merge flag',
      args: ['merge', 'a.json', '--expect-leg', '2'],
      message: 'leakgate: unknown option --expect-leg; did you mean --expect-legs?\n',
    },
    {
      what: 'an unknown flag like no other',
      args: ['run', 'x.py', '--zzzzzzz'],
      message: "leakgate: unknown option --zzzzzzz; run 'leakgate --help' for the options",
    },
    { what: 'an unknown short flag', args: ['run', 'x.py', '-q'], message: "leakgate: unknown option -q; run 'leakgate --help' for the options" },
    { what: 'a switch given a value', args: ['run', 'x.py', '--no-color=yes'], message: "--no-color takes no value, but got 'yes': write --no-color alone" },
    {
      what: 'a path flag followed by another flag',
      args: ['run', 'x.py', '--json', '--markdown', 'r.md'],
      message: "--json needs a value, but is followed by the option --markdown: --json FILE (write --json=--markdown if the value starts with '-')",
    },
    {
      what: 'a number flag followed by another flag',
      args: ['run', 'x.py', '--cycles', '--warmup', '5'],
      message: 'leakgate: --cycles needs a value, but is followed by the option --warmup: --cycles N, an integer from 10 to 1000000\n',
    },
    { what: 'a negative number without =', args: ['run', 'x.py', '--timeout', '-1'], message: '--timeout must be a number from 1 to 86400, but got -1' },
    { what: 'an unknown progress style', args: ['run', 'x.py', '--progress', 'fancy'], message: "--progress must be one of bar, lines, none, but got 'fancy'" },
    {
      what: 'a number flag without its value',
      args: ['run', 'x.py', '--cycles'],
      message: 'leakgate: --cycles needs a value: --cycles N, an integer from 10 to 1000000\n',
    },
    { what: 'a path flag without its value', args: ['run', 'x.py', '--json'], message: 'leakgate: --json needs a value: --json FILE\n' },
    { what: 'a shard without its value', args: ['run', 'x.py', '--shard'], message: 'leakgate: --shard needs a value: --shard I/N\n' },
    { what: 'a bad shard', args: ['run', 'x.py', '--shard', '3/2'], message: "--shard must be i/n with 1 ≤ i ≤ n ≤ 256, e.g. 2/4, but got '3/2'" },
    {
      what: 'more legs than a fan-out may have',
      args: ['merge', 'a.json', '--expect-legs', '257'],
      message: "--expect-legs must be an integer from 1 to 256, but got '257'",
    },
    { what: 'no target', args: ['run'], message: "'leakgate run' needs a TARGET" },
    { what: 'an unknown command', args: ['go', 'x.py'], message: "unknown command 'go'" },
    { what: 'no command at all', args: [], message: 'missing command' },
  ])('$what', async ({ args, message }) => {
    const result = await leakgate(args, { json: false });
    expect(result.exitCode).toBe(2);
    // A message ending in a newline is the whole of stderr (execa drops the final newline).
    if (message.endsWith('\n')) expect(result.stderr).toBe(message.slice(0, -1));
    else expect(result.stderr).toContain(message);
    // Node's own wording ("Unknown option '--x'. To specify a positional argument … as in '-- \"--x\"") never shows.
    expect(result.stderr).not.toMatch(/Unknown option|as in '--|argument missing|ambiguous/);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--help and --version exit 0', () => {
  it('--help lists the run command and every numeric flag', async () => {
    const result = await leakgate(['--help'], { json: false });
    expect(result.exitCode).toBe(0);
    for (const flag of ['--cycles', '--warmup', '--frames', '--timeout', '--python', '--json', '--markdown']) expect(result.stdout).toContain(flag);
  });
  it('--version prints the version', async () => {
    const result = await leakgate(['--version'], { json: false });
    expect(result.stdout).toMatch(/^leakgate \d+\.\d+\.\d+/);
  });
});

interface BadScenario {
  what: string;
  args: string[];
  kind: string;
  message: RegExp;
  hint?: RegExp;
  cycle?: number;
  traceback?: RegExp;
  output?: RegExp;
  measuredCycles?: number;
}

const BAD_SCENARIOS: BadScenario[] = [
  {
    what: 'a missing file',
    args: ['run', 'no/such/scenario.py'],
    kind: 'missing-file',
    message: /scenario file not found: no\/such\/scenario\.py/,
    hint: /check the path/,
  },
  {
    what: 'a module that cannot be imported',
    args: ['run', 'no_such_package.jobs:run'],
    kind: 'missing-module',
    message: /module 'no_such_package\.jobs' cannot be imported/,
  },
  { what: 'a syntax error', args: ['run', fixture('syntax_error.py')], kind: 'syntax', message: /syntax error in .*syntax_error\.py, line 1/ },
  {
    what: 'no cycle callable',
    args: ['run', fixture('no_cycle.py')],
    kind: 'no-cycle',
    message: /has no callable 'cycle'/,
    hint: /functions found: handle_request, run_once/,
  },
  {
    what: 'a module that raises on import',
    args: ['run', fixture('import_raises.py')],
    kind: 'import-raised',
    message: /ImportError: missing optional dependency 'fastjson'/,
  },
  {
    what: 'setup() raising',
    args: ['run', fixture('setup_raises.py')],
    kind: 'setup-raised',
    message: /setup\(\) raised RuntimeError: database is not reachable/,
    traceback: /setup_raises\.py", line 2, in setup/,
  },
  {
    what: 'cycle raising on cycle 37',
    args: ['run', fixture('raises_on_37.py'), '--warmup', '20'],
    kind: 'cycle-raised',
    message: /cycle 37 \(measure\) raised ValueError: bad order id 37/,
    cycle: 37,
    traceback: /raises_on_37\.py", line 8, in cycle[\s\S]*ValueError: bad order id 37/,
    measuredCycles: 36,
  },
  {
    what: 'sys.exit inside a cycle',
    args: ['run', fixture('sys_exit.py')],
    kind: 'exit-called',
    message: /cycle 5 \(warmup\) called sys\.exit\(3\)/,
    cycle: 5,
  },
  {
    what: 'os._exit inside a cycle',
    args: ['run', fixture('os_exit.py')],
    kind: 'exited',
    message: /exited with code 7 during cycle 25 \(measure\)/,
    cycle: 25,
    measuredCycles: 24,
  },
  {
    what: 'the interpreter crashing (a segfault through ctypes)',
    args: ['run', fixture('segfault.py')],
    kind: 'crash',
    message: /crashed with SIGSEGV during cycle 30 \(measure\)/,
    cycle: 30,
    traceback: /Fatal Python error: Segmentation fault/,
    measuredCycles: 29,
  },
  {
    what: 'a scenario that hangs',
    args: ['run', fixture('hangs.py'), '--timeout', '3'],
    kind: 'timeout',
    message: /did not finish within 3 s and was stopped/,
    hint: /raise --timeout/,
  },
  {
    what: 'a cycle that fails after printing megabytes',
    args: ['run', fixture('raises_after_print.py')],
    kind: 'cycle-raised',
    message: /cycle 40 \(measure\) raised KeyError: 'order-40'/,
    output: /about to fail on order 40/,
    measuredCycles: 39,
  },
];

describe('a scenario that cannot run exits 2 with a report of verdict "error" that keeps what was measured', () => {
  it.each(BAD_SCENARIOS)('$what', async (bad) => {
    const result = await leakgate(bad.args);
    expect(result.exitCode).toBe(2);
    const report = result.report!;
    expect(report).not.toBeNull();
    expect(schemaErrors(report)).toEqual([]);
    expect(report.verdict).toBe('error');
    const error = report.scenarios[0].error!;
    expect(error.kind).toBe(bad.kind);
    expect(error.message).toMatch(bad.message);
    expect(result.stdout).toContain('ERROR');
    expect(result.stdout).toMatch(bad.message);
    if (bad.hint) expect(error.hint).toMatch(bad.hint);
    if (bad.cycle) expect(error.cycle).toBe(bad.cycle);
    if (bad.traceback) expect(error.traceback).toMatch(bad.traceback);
    if (bad.output) expect(error.output).toMatch(bad.output);
    if (bad.measuredCycles) {
      // Nothing measured before the failure is lost: every completed cycle is in the series.
      const cycles = report.scenarios[0].series.cycles.cycle;
      expect(cycles.length).toBeGreaterThanOrEqual(bad.measuredCycles);
      expect(Math.max(...cycles)).toBeGreaterThanOrEqual(bad.measuredCycles);
    }
  });
});

describe('output and interpreters', () => {
  it('a scenario printing megabytes to stdout still passes, and only a bounded tail is kept', async () => {
    const result = await leakgate(['run', fixture('prints_megabytes.py'), '--cycles', '100']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout.length).toBeLessThan(20_000);
    expect(result.report!.scenarios[0].verdict).toBe('pass');
  });

  it('a missing Python names the interpreter and the fix', async () => {
    const result = await leakgate(['run', 'examples/unbounded_cache/clean.py', '--python', '/nonexistent/python3.12']);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.kind).toBe('python-not-found');
    expect(error.message).toContain("'/nonexistent/python3.12' was not found");
    expect(error.hint).toContain('--python PATH');
  });

  /**
   * A stand-in interpreter: the real python3, reporting itself as VERSION to the script it runs.
   * As Python 2 does, the 2.7 one refuses interpreter options it does not know (-X) with exit
   * code 2 before running anything; the 3.8 one accepts them, as 3.8 does.
   */
  function fakePython(version: [number, number, number]): string {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-old-python-'));
    const fake = join(folder, `python${version[0]}.${version[1]}`);
    const refuseX =
      version[0] === 2
        ? `case "$1" in -X*) echo "Unknown option: -X" >&2; echo "usage: $0 [option] ... [-c cmd | -m mod | file | -] [arg] ..." >&2; exit 2;; esac\n`
        : 'while [ "$1" = "-X" ]; do shift 2; done\n';
    writeFileSync(
      fake,
      `#!/bin/sh\n${refuseX}exec python3 -c 'import sys, runpy; sys.version_info = (${version.join(', ')}, "final", 0); sys.argv = sys.argv[1:]; runpy.run_path(sys.argv[0], run_name="__main__")' "$@"\n`,
    );
    chmodSync(fake, 0o755);
    return fake;
  }

  it.each([
    { version: [3, 8, 18] as [number, number, number], words: 'Python 3.8.18 is too old: leakgate needs Python 3.9 or newer' },
    { version: [2, 7, 18] as [number, number, number], words: 'Python 2.7.18 is too old: leakgate needs Python 3.9 or newer' },
  ])('a Python that is too old ($version) is refused with its version and the fix', async ({ version, words }) => {
    const result = await leakgate(['run', 'examples/unbounded_cache/clean.py', '--python', fakePython(version)]);
    expect(result.exitCode).toBe(2);
    const error = result.report!.scenarios[0].error!;
    expect(error.kind).toBe('python-too-old');
    expect(error.message).toContain(words);
    expect(error.hint).toContain('--python PATH');
  });
});

describe('targets', () => {
  it('an async scenario runs setup, every cycle and teardown on one event loop', async () => {
    const result = await leakgate(['run', fixture('async_lifecycle.py')]);
    expect(result.report!.scenarios[0].error).toBeNull();
    expect(result.exitCode).toBe(0);
  });

  it('package.module:func importable from the working directory runs that function', async () => {
    const result = await leakgate(['run', 'pkg.jobs:run_job', '--cwd', FIXTURES]);
    expect(result.exitCode).toBe(1);
    const scenario = result.report!.scenarios[0];
    expect(scenario.leak.kind).toBe('python');
    expect(scenario.sites[0]).toMatchObject({ file: 'pkg/jobs.py', line: 13, function: 'run_job' });
    expect(scenario.types.map((t) => t.type)).toContain('pkg.jobs.Job');
    expect(scenario.types.find((t) => t.type === 'pkg.jobs.Job')!.perCycle).toBeCloseTo(1, 1);
  });

  it('path.py:func runs the named function instead of cycle()', async () => {
    const result = await leakgate(['run', `${fixture('named_function.py')}:handle`]);
    expect(result.report!.scenarios[0].error).toBeNull();
    expect(result.exitCode).toBe(0);
  });

  it('--markdown writes the same report as Markdown', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-md-'));
    const markdown = join(folder, 'nested', 'report.md');
    const result = await leakgate(['run', 'examples/closures/leaky.py', '--markdown', markdown]);
    expect(result.exitCode).toBe(1);
    const { readFileSync } = await import('node:fs');
    const text = readFileSync(markdown, 'utf8');
    expect(text).toContain('## ❌ leakgate: 1 leaking');
    expect(text).toContain('**`examples/closures/leaky.py:26`**');
    expect(text).toContain('```mermaid');
  });

  it('several targets are reported together and the exit code is the worst verdict', async () => {
    const result = await leakgate(['run', 'examples/fd_leak/clean.py', 'examples/fd_leak/leaky.py']);
    expect(result.exitCode).toBe(1);
    expect(result.report!.scenarios.map((s) => s.verdict)).toEqual(['pass', 'fail']);
    expect(result.report!.summary).toBe('1 leaking, 1 clean');
  });
});
