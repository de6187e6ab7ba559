/**
 * Issue 17: a pytest test as the scenario. Real runs of the command line with Debian's
 * /usr/bin/python3 (pytest 7.2, pytest-asyncio 0.20, anyio; CI installs them) on tiny projects
 * under fixtures/pytest: node ids of each form, a leak in the app found through its test and
 * attributed to the app's line, clean tests that use pytest's fixtures with no growth, the
 * collection form, and each failure worded with exit 2.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseActionInputs } from '../src/adapters/action/inputs.js';
import { parseCliArgs, resolveRunConfig, UsageError } from '../src/settings/cli-args.js';
import { parseConfigFile } from '../src/settings/config-file.js';
import { type CollectRequest, expandCollections } from '../src/settings/pytest.js';
import { leakgate, leakSiteLine, ROOT } from './helpers/cli.js';
import { schemaErrors } from './helpers/schema.js';

const PYTHON = '/usr/bin/python3';
const PROJECTS = join(ROOT, '__tests__', 'fixtures', 'pytest');
const BASIC = join(PROJECTS, 'basic');
const FAILING = join(PROJECTS, 'failing');
const ASYNC = join(PROJECTS, 'asyncio');
// Short runs: a cycle of these tests takes about a millisecond.
const SHORT = ['--python', PYTHON, '--cycles', '40', '--warmup', '5', '--progress', 'none'];

const hasPytest = spawnSync(PYTHON, ['-c', 'import pytest, pytest_asyncio, anyio']).status === 0;
// Outside CI a machine without Debian's pytest skips these; in CI (which installs it) they always run.
const describePytest = hasPytest || process.env.CI ? describe : describe.skip;

describePytest('pytest node ids as targets', () => {
  it('a function, a class method and a parametrized id each run as a scenario named by its node id, and nothing is written into the project', async () => {
    const ids = ['tests/test_shop.py::test_render[big]', 'tests/test_shop.py::TestCart::test_add', 'tests/test_shop.py::test_render[small]'];
    const result = await leakgate(['run', ...ids, '--cwd', BASIC, ...SHORT]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(schemaErrors(result.report)).toEqual([]);
    expect(result.report!.scenarios.map((s) => [s.name, s.verdict, s.error])).toEqual(ids.map((id) => [id, 'pass', null]));
    // The cache provider writes to a folder of the run's own.
    expect(existsSync(join(BASIC, '.pytest_cache'))).toBe(false);
  });

  it("a leak in the app, found through its test, is attributed to the app's line and its holder", async () => {
    const result = await leakgate(['run', 'tests/test_shop.py::test_checkout', '--cwd', BASIC, '--python', PYTHON, '--progress', 'none']);
    expect(result.exitCode).toBe(1);
    const scenario = result.report!.scenarios[0];
    expect(scenario).toMatchObject({ name: 'tests/test_shop.py::test_checkout', verdict: 'fail', leak: { detected: true, kind: 'python' } });
    const top = scenario.sites[0];
    expect(`${top.file}:${top.line}`).toBe(`app/store.py:${leakSiteLine(join(BASIC, 'app', 'store.py'))}`);
    expect(top.userCode).toBe(true);
    expect(JSON.stringify(top)).toContain('app.store._audit');
    // pytest's own frames are library code, never the site.
    expect(scenario.sites.filter((s) => s.userCode && /_pytest|pluggy/.test(s.file))).toEqual([]);
  });

  // Each uses pytest machinery that keeps something per run of a test, when nothing releases it.
  const CLEAN = [
    { what: 'a function fixture over a module fixture', id: 'tests/test_shop.py::TestCart::test_add' },
    { what: 'capsys', id: 'tests/test_shop.py::test_capsys' },
    { what: 'caplog', id: 'tests/test_shop.py::test_caplog' },
    { what: 'tmp_path', id: 'tests/test_shop.py::test_tmp_path' },
    { what: 'monkeypatch', id: 'tests/test_shop.py::test_monkeypatch' },
    { what: 'captured output, a log record and a warning in every cycle', id: 'tests/test_shop.py::test_prints_and_warns' },
  ];
  it.each(CLEAN)('a clean test that uses $what passes with no growth', async ({ id }) => {
    const result = await leakgate(['run', id, '--cwd', BASIC, '--python', PYTHON, '--cycles', '60', '--warmup', '10', '--progress', 'none']);
    const scenario = result.report!.scenarios[0];
    expect(scenario.leak.reasons).toEqual([]);
    expect(scenario).toMatchObject({ name: id, verdict: 'pass', error: null });
    expect(result.exitCode).toBe(0);
    expect(scenario.growth.fdsPerCycle).toBe(0);
  });

  it.each([
    { what: 'pytest-asyncio (a new event loop for every cycle)', id: 'tests/test_async.py::test_asyncio_sleep' },
    { what: 'anyio', id: 'tests/test_async.py::test_anyio_sleep' },
  ])('an async test under $what passes, with no loops or descriptors left behind', async ({ id }) => {
    const result = await leakgate(['run', id, '--cwd', ASYNC, '--python', PYTHON, '--cycles', '60', '--warmup', '10', '--progress', 'none']);
    const scenario = result.report!.scenarios[0];
    expect(scenario.leak.reasons).toEqual([]);
    expect(scenario).toMatchObject({ verdict: 'pass', error: null });
    expect(scenario.growth.fdsPerCycle).toBe(0);
    expect(result.exitCode).toBe(0);
  });

  it('the interpreter on PATH runs a node id too, whichever pytest it has', async () => {
    const version = spawnSync('python3', ['-c', 'import pytest; print(pytest.__version__)'], { encoding: 'utf8' });
    if (version.status !== 0) return; // no pytest for python3 here: /usr/bin/python3's runs above cover it
    const result = await leakgate(['run', 'tests/test_shop.py::TestCart::test_add', '--cwd', BASIC, '--python', 'python3', '--cycles', '40', '--warmup', '5']);
    expect(result.report!.scenarios[0]).toMatchObject({ verdict: 'pass', error: null });
    expect(result.exitCode).toBe(0);
  });
});

describePytest('the collection form', () => {
  it('--pytest "ARGS" runs every test pytest collects with them, each a scenario named by its node id', async () => {
    const result = await leakgate(['run', '--pytest', "tests -k 'render or cart'", '--cwd', BASIC, ...SHORT]);
    expect(result.stderr).toBe('');
    expect(result.report!.scenarios.map((s) => s.name)).toEqual([
      'tests/test_shop.py::TestCart::test_add',
      'tests/test_shop.py::test_render[small]',
      'tests/test_shop.py::test_render[big]',
    ]);
    expect(result.exitCode).toBe(0);
  });

  it('pytest = "…" in a [[scenarios]] table is expanded before sharding, so the legs split the tests between them', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-pytest-config-'));
    try {
      const config = join(folder, 'leakgate.toml');
      writeFileSync(config, `cycles = 30\nwarmup = 5\n[[scenarios]]\npytest = "tests/test_shop.py -k 'render or cart'"\n`);
      const legs = await Promise.all(
        ['1/2', '2/2'].map((shard) => leakgate(['run', '--config', config, '--cwd', BASIC, '--python', PYTHON, '--shard', shard, '--progress', 'none'])),
      );
      expect(legs.map((leg) => leg.report!.scenarios.map((s) => s.name))).toEqual([
        ['tests/test_shop.py::TestCart::test_add', 'tests/test_shop.py::test_render[big]'],
        ['tests/test_shop.py::test_render[small]'],
      ]);
      expect(legs.map((leg) => leg.report!.origin?.shard)).toEqual([
        { index: 1, count: 2, scenariosInAll: 3 },
        { index: 2, count: 2, scenariosInAll: 3 },
      ]);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('a collection that collects nothing is an error that names its arguments, exit 2', async () => {
    const result = await leakgate(['run', '--pytest', 'tests -k no_such_test', '--cwd', BASIC, ...SHORT]);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain("pytest collected no test with the arguments 'tests -k no_such_test'");
  });
});

describePytest("a collection's failure quotes the project's output inert", () => {
  it('a conftest.py that prints escapes and workflow commands, then raises: shown as escapes, no line starts a command, exit 2', async () => {
    const project = mkdtempSync(join(tmpdir(), 'leakgate-pytest-hostile-'));
    try {
      writeFileSync(
        join(project, 'conftest.py'),
        'import sys\nsys.stderr.write("\\x1b[2J::error file=a.py::forged\\n")\nraise RuntimeError("bad \\x1b[31mconftest\\n::warning::forged too")\n',
      );
      writeFileSync(join(project, 'test_x.py'), 'def test_x():\n    pass\n');
      const result = await leakgate(['run', '--pytest', 'test_x.py', '--cwd', project, ...SHORT]);
      expect(result.exitCode).toBe(2);
      expect(result.stderr).toContain('conftest');
      expect(result.stderr).not.toContain('\u001b');
      expect(result.stderr).toContain('\\x1b');
      expect(result.stderr.split('\n').filter((line) => /^\s*::/.test(line))).toEqual([]);
    } finally {
      rmSync(project, { recursive: true, force: true });
    }
  });
});

describePytest('failures are worded, exit 2', () => {
  const failing = async (id: string, python = PYTHON) => {
    const result = await leakgate(['run', id, '--cwd', FAILING, '--python', python, '--cycles', '20', '--warmup', '5', '--progress', 'none']);
    expect(result.exitCode).toBe(2);
    return result.report!.scenarios[0].error!;
  };

  it('a test that fails on cycle 3: its assertion message and the cycle', async () => {
    const error = await failing('tests/test_failing.py::test_fails_on_third_call');
    expect(error).toMatchObject({ kind: 'test-failed', cycle: 3 });
    expect(error.message).toBe('tests/test_failing.py::test_fails_on_third_call failed on cycle 3 (warmup): AssertionError: the third call fails');
    expect(error.traceback).toContain('tests/test_failing.py:9: AssertionError');
  });

  it('a skipped test and an xfailed one: the reason and the cycle', async () => {
    expect(await failing('tests/test_failing.py::test_skips')).toMatchObject({
      kind: 'test-skipped',
      message: 'tests/test_failing.py::test_skips was skipped on cycle 1 (warmup): no database in this environment',
    });
    expect(await failing('tests/test_failing.py::test_expected_to_fail')).toMatchObject({
      kind: 'test-xfailed',
      message: 'tests/test_failing.py::test_expected_to_fail xfailed on cycle 1 (warmup): a known bug in the renderer',
    });
  });

  it("a fixture error: its traceback, in the user's frames", async () => {
    const error = await failing('tests/test_failing.py::test_needs_database');
    expect(error.kind).toBe('fixture-error');
    expect(error.message).toContain('ConnectionError: the database is down');
    expect(error.traceback).toContain('raise ConnectionError("the database is down")');
    expect(error.traceback).not.toMatch(/_pytest|pluggy/);
  });

  it('a node id that collects nothing names itself and the close matches', async () => {
    const error = await failing('tests/test_failing.py::test_pases');
    expect(error.message).toBe('the node id tests/test_failing.py::test_pases collects no test');
    expect(error.hint).toMatch(/^did you mean tests\/test_failing\.py::test_passes[,?]/);
  });

  it('an interpreter without pytest: which one, and the fix', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'leakgate-no-pytest-'));
    try {
      expect(spawnSync(PYTHON, ['-m', 'venv', '--without-pip', join(folder, 'venv')]).status).toBe(0);
      const python = join(folder, 'venv', 'bin', 'python3');
      const error = await failing('tests/test_failing.py::test_passes', python);
      expect(error.kind).toBe('pytest-missing');
      expect(error.message).toMatch(
        new RegExp(
          `^pytest is not installed for ${folder}/venv/bin/python3? \\(ModuleNotFoundError: .*pytest.*\\): install it in the environment the tests run in, or pass --python$`,
        ),
      );
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});

describe('the pytest setting: one name for the flag, the configuration key and the action input', () => {
  const run = (argv: string[], toml: string | null = null) => {
    const parsed = parseCliArgs(['run', ...argv], {}, false);
    if (parsed.command !== 'run') throw new Error(parsed.command);
    return resolveRunConfig(parsed.flags, toml === null ? null : parseConfigFile(toml, 'leakgate.toml'));
  };
  // A collection stand-in: the ids each set of arguments collects, and what it was asked.
  const collected = new Map([
    ['tests/api', ['tests/api/test_a.py::test_one', 'tests/api/test_a.py::test_two[x]', 'tests/api/test_b.py::TestB::test_three']],
    ['tests/none', []],
  ]);
  const asked: CollectRequest[] = [];
  const collect = async (request: CollectRequest) => {
    asked.push(request);
    return collected.get(request.args) ?? [];
  };

  it.each([
    {
      what: 'the flag (repeatable), beside a node id given as a TARGET',
      argv: ['tests/api/test_a.py::test_one', '--pytest', 'tests/api', '--cycles', '30'],
      toml: null,
    },
    { what: 'a [[scenarios]] table without a name', argv: [], toml: '[[scenarios]]\npytest = "tests/api"\ncycles = 30\n' },
    { what: 'the top level', argv: ['--cycles', '30'], toml: 'pytest = "tests/api"\n' },
  ])("$what: one scenario per collected node id, named by it, with the entry's settings", async ({ argv, toml }) => {
    const config = await expandCollections(run(argv, toml), collect);
    expect(config.scenarios.map((s) => [s.name, s.target, s.cycles, s.pytest])).toEqual([
      ['tests/api/test_a.py::test_one', 'tests/api/test_a.py::test_one', 30, undefined],
      ['tests/api/test_a.py::test_two[x]', 'tests/api/test_a.py::test_two[x]', 30, undefined],
      ['tests/api/test_b.py::TestB::test_three', 'tests/api/test_b.py::TestB::test_three', 30, undefined],
    ]);
    expect(asked.at(-1)).toMatchObject({ args: 'tests/api', python: 'python3' });
  });

  it('the shard is taken after the expansion, of the whole list', async () => {
    const config = await expandCollections(run(['--pytest', 'tests/api', '--shard', '2/2']), collect);
    expect(config.scenarios.map((s) => s.name)).toEqual(['tests/api/test_a.py::test_two[x]']);
    expect(config.shard).toEqual({ index: 2, count: 2, scenariosInAll: 3 });
  });

  it('an ignore entry for a node id the collection finds applies to it', async () => {
    const toml = '[[scenarios]]\npytest = "tests/api"\n[[ignore]]\ntype = "dict"\nreason = "a cache"\nscenario = "tests/api/test_a.py::test_one"\n';
    const config = await expandCollections(run([], toml), collect);
    expect(config.ignore.map((entry) => entry.scenario)).toEqual(['tests/api/test_a.py::test_one']);
  });

  it('pytest\'s arguments may start with an option of pytest\'s ("-k cart"); a flag of ours after --pytest is still refused', () => {
    expect(run(['--pytest', '-k cart', '--cycles', '30']).scenarios.map((s) => s.pytest)).toEqual(['-k cart']);
    expect(() => run(['--pytest', '--cycles', '30'])).toThrow(
      "--pytest needs a value, but is followed by the option --cycles: --pytest ARGS (write --pytest=--cycles if the value starts with '-')",
    );
  });

  it('a run without a collection is left as it was, and nothing is collected', async () => {
    const before = asked.length;
    const config = run(['a.py']);
    expect(await expandCollections(config, collect)).toBe(config);
    expect(asked.length).toBe(before);
  });

  it.each([
    {
      what: 'a table with both target and pytest',
      toml: '[[scenarios]]\nname = "a"\ntarget = "a.py"\npytest = "tests"\n',
      message: 'leakgate.toml: scenarios[0] has both target and pytest: give one',
    },
    {
      what: 'a table with neither',
      toml: '[[scenarios]]\nname = "a"\n',
      message: 'leakgate.toml: scenarios[0].target must be a non-empty string, but got nothing (or give pytest = "ARGS"',
    },
    {
      what: 'a table with a target and no name',
      toml: '[[scenarios]]\ntarget = "a.py"\n',
      message: 'leakgate.toml: scenarios[0].name must be a non-empty string',
    },
    { what: 'empty arguments', toml: 'pytest = "  "\n', message: 'leakgate.toml: pytest must be a non-empty string' },
  ])('$what is refused with the key and the fix', ({ toml, message }) => {
    expect(() => parseConfigFile(toml, 'leakgate.toml')).toThrow(UsageError);
    expect(() => parseConfigFile(toml, 'leakgate.toml')).toThrow(message);
  });

  it('a collection that finds no test is an error naming its arguments and how to check them', async () => {
    await expect(expandCollections(run(['--pytest', 'tests/none']), collect)).rejects.toThrow(
      `pytest collected no test with the arguments 'tests/none' (in ${process.cwd()}): check them with \`python3 -m pytest --collect-only -q tests/none\``,
    );
  });

  it('the action input pytest takes one collection a line, and not with scenario-name', () => {
    const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';
    expect(parseActionInputs(inputs({ pytest: 'tests/api\n# a comment\ntests/web -k cart\n' })).flags.pytest).toEqual(['tests/api', 'tests/web -k cart']);
    expect(() => parseActionInputs(inputs({ pytest: 'tests/api', 'scenario-name': 'a' }))).toThrow(
      "give either input 'scenario' (targets) or 'pytest', or 'scenario-name' (configured scenarios), not both",
    );
  });
});
