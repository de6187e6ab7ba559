/**
 * Suppressions and the known-leaks switch as settings (issue 14): `[[tool.leakgate.ignore]]`,
 * `fail-on-known-leaks`, the action's `ignore` and `fail-on-known-leaks` inputs and the
 * `--fail-on-known-leaks` flag. Table tests over the pure parsers, then the command line and the
 * action as real processes.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseActionInputs } from '../src/adapters/action/inputs.js';
import { parseCliArgs, resolveRunConfig, USAGE } from '../src/settings/cli-args.js';
import { parseConfigFile } from '../src/settings/config-file.js';
import { LIMITS } from '../src/settings/limits.js';
import { pushPayload, runAction } from './helpers/action.js';
import { leakgate, ROOT } from './helpers/cli.js';
import { type FakeGitHub, startFakeGitHub } from './helpers/github-server.js';

const SCENARIOS = `
[[tool.leakgate.scenarios]]
name = "checkout"
target = "tests/leak/checkout.py"

[[tool.leakgate.scenarios]]
name = "worker"
target = "shop.worker:run_job"
`;

const pyproject = (body: string) => `[project]\nname = "shop"\n\n[tool.leakgate]\n${body}\n`;
const inputs = (values: Record<string, string>) => (name: string) => values[name] ?? '';
const runFlags = (args: string[]) => {
  const parsed = parseCliArgs(['run', ...args], {}, false);
  if (parsed.command !== 'run') throw new Error('expected run');
  return parsed.flags;
};

describe('[[tool.leakgate.ignore]]: good entries', () => {
  it('reads an entry of each kind, with its reason, its scenario and where it was written', () => {
    const file = parseConfigFile(
      `${pyproject('fail-on-known-leaks = true')}
[[tool.leakgate.ignore]]
site = "app/views.py:handle"
reason = "the session cache is bounded by the load balancer"

[[tool.leakgate.ignore]]
type = "weakref.finalize"
reason = "Django 3.2's test client keeps a finalizer per request"
scenario = "checkout"

[[tool.leakgate.ignore]]
holder = "weakref.finalize._registry"
reason = "the same, seen from its holder"
${SCENARIOS}`,
      'pyproject.toml',
    )!;
    expect(file.failOnKnownLeaks).toBe(true);
    expect(file.ignore).toEqual([
      {
        site: 'app/views.py:handle',
        type: null,
        holder: null,
        reason: 'the session cache is bounded by the load balancer',
        scenario: null,
        source: 'pyproject.toml [[tool.leakgate.ignore]] #1',
      },
      {
        site: null,
        type: 'weakref.finalize',
        holder: null,
        reason: "Django 3.2's test client keeps a finalizer per request",
        scenario: 'checkout',
        source: 'pyproject.toml [[tool.leakgate.ignore]] #2',
      },
      {
        site: null,
        type: null,
        holder: 'weakref.finalize._registry',
        reason: 'the same, seen from its holder',
        scenario: null,
        source: 'pyproject.toml [[tool.leakgate.ignore]] #3',
      },
    ]);
  });
  it.each(['app/views.py:42', 'src/app/views.py:<module>', 'app/models.py:User.save', 'C:\\repo\\app.py:7', 'app.py:<lambda>'])(
    'a site written %s is a path and a function or line',
    (site) => {
      const file = parseConfigFile(`[[ignore]]\nsite = '${site}'\nreason = "known"\n`, 'leakgate.toml')!;
      expect(file.ignore[0]).toMatchObject({ site, source: 'leakgate.toml [[ignore]] #1' });
    },
  );
  it('without entries or the switch, nothing is ignored and known library leaks do not fail', () => {
    const file = parseConfigFile(pyproject('cycles = 200'), 'pyproject.toml')!;
    expect(file.ignore).toEqual([]);
    const config = resolveRunConfig(runFlags(['a.py']), file);
    expect(config.ignore).toEqual([]);
    expect(config.failOnKnownLeaks).toBe(false);
  });
});

describe('[[tool.leakgate.ignore]]: each mistake names the file, the entry, the key, the value and the fix', () => {
  it.each([
    {
      what: 'a missing reason',
      text: '[[tool.leakgate.ignore]]\ntype = "weakref.finalize"\n',
      message: 'pyproject.toml: [[tool.leakgate.ignore]] #1 needs a reason: say why this growth is accepted, e.g. reason = "',
    },
    {
      what: 'an empty reason',
      text: '[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "  "\n',
      message: 'pyproject.toml: [[tool.leakgate.ignore]] #1 needs a reason',
    },
    {
      what: 'two of site, type and holder',
      text: '[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "ok"\n[[tool.leakgate.ignore]]\ntype = "dict"\nholder = "app._cache"\nreason = "ok"\n',
      message:
        'pyproject.toml: [[tool.leakgate.ignore]] #2 has both type and holder: give exactly one of site, type, holder per entry (write one entry for each)',
    },
    {
      what: 'none of site, type and holder',
      text: '[[tool.leakgate.ignore]]\nreason = "ok"\n',
      message:
        'pyproject.toml: [[tool.leakgate.ignore]] #1 says what to ignore with none of site, type, holder: give exactly one, e.g. site = "app/views.py:handle"',
    },
    {
      what: 'a site with no function or line',
      text: '[[tool.leakgate.ignore]]\nsite = "app/views.py"\nreason = "ok"\n',
      message:
        'pyproject.toml: [[tool.leakgate.ignore]] #1 site must look like path:function or path:line (e.g. "app/views.py:handle" or "app/views.py:42"), but got \'app/views.py\'',
    },
    {
      what: 'a site with no path',
      text: '[[tool.leakgate.ignore]]\nsite = ":handle"\nreason = "ok"\n',
      message: 'site must look like path:function or path:line',
    },
    {
      what: 'a site with line 0',
      text: '[[tool.leakgate.ignore]]\nsite = "app.py:0"\nreason = "ok"\n',
      message: 'site must look like path:function or path:line (e.g. "app/views.py:handle" or "app/views.py:42"), but got \'app.py:0\'',
    },
    {
      what: 'a misspelt key, with the key it is a typo of',
      text: '[[tool.leakgate.ignore]]\ntype = "dict"\nreson = "ok"\n',
      message:
        "pyproject.toml: [[tool.leakgate.ignore]] #1 has the key 'reson', which is not a key of an ignore entry; did you mean 'reason'? (known: site, type, holder, reason, scenario)",
    },
    {
      what: 'a type that is not a string',
      text: '[[tool.leakgate.ignore]]\ntype = 3\nreason = "ok"\n',
      message: 'pyproject.toml: [[tool.leakgate.ignore]] #1 type must be a non-empty string on one line, but got 3',
    },
    {
      what: 'a reason that is too long',
      text: `[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "${'x'.repeat(LIMITS.ignoreReasonChars + 1)}"\n`,
      message: `pyproject.toml: [[tool.leakgate.ignore]] #1 reason must be at most ${LIMITS.ignoreReasonChars} characters, but got ${LIMITS.ignoreReasonChars + 1}`,
    },
    {
      what: 'a single table where an array of tables belongs',
      text: '[tool.leakgate.ignore]\ntype = "dict"\nreason = "ok"\n',
      message: 'pyproject.toml: [[tool.leakgate.ignore]] must be an array of tables (write each entry as [[tool.leakgate.ignore]])',
    },
    {
      what: 'a scenario that names no configured scenario',
      text: `[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "ok"\nscenario = "chekout"\n${SCENARIOS}`,
      message:
        "pyproject.toml [[tool.leakgate.ignore]] #1: scenario 'chekout' is not configured in pyproject.toml; did you mean 'checkout'? (configured: checkout, worker)",
    },
    {
      what: 'too many entries',
      text: '[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "ok"\n'.repeat(LIMITS.ignoreEntries + 1),
      message: `pyproject.toml: ${LIMITS.ignoreEntries + 1} [[tool.leakgate.ignore]] entries, more than the ${LIMITS.ignoreEntries} leakgate reads`,
    },
    {
      what: 'a switch that is not true or false',
      text: '[tool.leakgate]\nfail-on-known-leaks = "yes"\n',
      message: "pyproject.toml: tool.leakgate.fail-on-known-leaks must be true or false, but got 'yes'",
    },
    {
      what: 'a misspelt switch',
      text: '[tool.leakgate]\nfail-on-known-leak = true\n',
      message: "pyproject.toml: tool.leakgate.fail-on-known-leak is not a leakgate setting; did you mean 'fail-on-known-leaks'?",
    },
  ])('$what', ({ text, message }) => {
    expect(() => parseConfigFile(text, 'pyproject.toml')).toThrow(message);
  });
  it('in leakgate.toml the entry is written [[ignore]]', () => {
    expect(() => parseConfigFile('[[ignore]]\nholder = "app._cache"\n', 'leakgate.toml')).toThrow('leakgate.toml: [[ignore]] #1 needs a reason');
  });
  it('a scenario is not checked when no scenarios are configured: the entry applies when a scenario of that name runs', () => {
    const file = parseConfigFile('[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "ok"\nscenario = "b.py"\n', 'pyproject.toml')!;
    expect(resolveRunConfig(runFlags(['a.py']), file).ignore).toEqual([]);
    expect(resolveRunConfig(runFlags(['b.py']), file).ignore.map((e) => e.source)).toEqual(['pyproject.toml [[tool.leakgate.ignore]] #1']);
  });
  it('a run keeps the entries for the scenarios it takes (--scenario), and every leg of a fan-out keeps the same ones', () => {
    const file = parseConfigFile(
      `[[tool.leakgate.ignore]]\ntype = "dict"\nreason = "a"\nscenario = "worker"\n[[tool.leakgate.ignore]]\ntype = "list"\nreason = "b"\n${SCENARIOS}`,
      'pyproject.toml',
    )!;
    expect(resolveRunConfig(runFlags(['--scenario', 'checkout']), file).ignore.map((e) => e.type)).toEqual(['list']);
    expect(resolveRunConfig(runFlags(['--scenario', 'worker']), file).ignore.map((e) => e.type)).toEqual(['dict', 'list']);
    expect(resolveRunConfig(runFlags(['--shard', '1/2']), file).ignore.map((e) => e.type)).toEqual(['dict', 'list']);
    expect(resolveRunConfig(runFlags(['--shard', '2/2']), file).ignore.map((e) => e.type)).toEqual(['dict', 'list']);
  });
});

describe('the action inputs ignore and fail-on-known-leaks', () => {
  const IGNORE = '[[ignore]]\ntype = "weakref.finalize"\nreason = "Django 3.2 test client"\n\n[[ignore]]\nsite = "app/views.py:42"\nreason = "bounded"\n';
  it("reads [[ignore]] tables, which apply with the configuration file's, the file's first", () => {
    const flags = parseActionInputs(inputs({ ignore: IGNORE, 'fail-on-known-leaks': 'true' })).flags;
    expect(flags.failOnKnownLeaks).toBe(true);
    const file = parseConfigFile(`[[tool.leakgate.ignore]]\nholder = "app._cache"\nreason = "bounded by LRU"\n${SCENARIOS}`, 'pyproject.toml');
    const run = resolveRunConfig(flags, file);
    expect(run.ignore.map((e) => [e.source, e.type ?? e.site ?? e.holder])).toEqual([
      ['pyproject.toml [[tool.leakgate.ignore]] #1', 'app._cache'],
      ["input 'ignore' #1", 'weakref.finalize'],
      ["input 'ignore' #2", 'app/views.py:42'],
    ]);
    expect(run.failOnKnownLeaks).toBe(true);
  });
  it.each([
    { input: '', file: 'fail-on-known-leaks = true', expected: true },
    { input: 'false', file: 'fail-on-known-leaks = true', expected: false },
    { input: ' TRUE ', file: '', expected: true },
    { input: '', file: '', expected: false },
  ])("fail-on-known-leaks '$input' over the file's '$file' → $expected", ({ input, file, expected }) => {
    const flags = parseActionInputs(inputs({ 'fail-on-known-leaks': input })).flags;
    expect(resolveRunConfig(flags, parseConfigFile(`${pyproject(file)}${SCENARIOS}`, 'pyproject.toml')).failOnKnownLeaks).toBe(expected);
  });
  it.each([
    { values: { 'fail-on-known-leaks': 'yes' }, message: "input 'fail-on-known-leaks' must be true or false, but got 'yes'" },
    { values: { ignore: '[[ignore]]\ntype = "dict"\n' }, message: "input 'ignore': [[ignore]] #1 needs a reason" },
    {
      values: { ignore: '[[ignore]]\ntype = "dict"\nreason = "ok"\nsyte = "a.py:1"\n' },
      message: "input 'ignore': [[ignore]] #1 has the key 'syte', which is not a key of an ignore entry; did you mean 'site'?",
    },
    {
      values: { ignore: 'type = "dict"\nreason = "ok"\n' },
      message: "input 'ignore' holds only [[ignore]] tables, but has 'type': write each entry under [[ignore]]",
    },
    { values: { ignore: '[[ignore]\ntype = "dict"\n' }, message: "input 'ignore' is not valid TOML (it holds [[ignore]] tables, as leakgate.toml does)" },
  ])('$message', ({ values, message }) => {
    expect(() => parseActionInputs(inputs(values as unknown as Record<string, string>))).toThrow(message);
  });
  it("an input entry's scenario must name a scenario of the configuration file", () => {
    const flags = parseActionInputs(inputs({ ignore: '[[ignore]]\ntype = "dict"\nreason = "ok"\nscenario = "workr"\n' })).flags;
    expect(() => resolveRunConfig(flags, parseConfigFile(SCENARIOS, 'pyproject.toml'))).toThrow(
      "input 'ignore' #1: scenario 'workr' is not configured in pyproject.toml; did you mean 'worker'? (configured: checkout, worker)",
    );
  });
});

describe('--fail-on-known-leaks', () => {
  it('is a switch the help lists, and it beats the configuration file', () => {
    expect(USAGE).toMatch(/--fail-on-known-leaks\s+fail on a known library leak too/);
    expect(runFlags(['a.py']).failOnKnownLeaks).toBeUndefined();
    expect(
      resolveRunConfig(runFlags(['a.py', '--fail-on-known-leaks']), parseConfigFile('fail-on-known-leaks = false\n', 'leakgate.toml')).failOnKnownLeaks,
    ).toBe(true);
  });
  it.each([
    {
      args: ['run', 'x.py', '--fail-on-known-leaks=yes'],
      message: "leakgate: --fail-on-known-leaks takes no value, but got 'yes': write --fail-on-known-leaks alone",
    },
    { args: ['run', 'x.py', '--fail-on-known-leak'], message: 'leakgate: unknown option --fail-on-known-leak; did you mean --fail-on-known-leaks?' },
  ])('$args.2 exits 2 naming the fix', async ({ args, message }) => {
    const result = await leakgate(args, { json: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(message);
  });
  it('a bad [[tool.leakgate.ignore]] stops the command line with exit 2 before any scenario runs', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'leakgate-ignore-'));
    writeFileSync(join(cwd, 'pyproject.toml'), '[[tool.leakgate.ignore]]\nsite = "app.py"\nreason = "ok"\n');
    const result = await leakgate(['run', join(ROOT, 'examples', 'unbounded_cache', 'clean.py'), '--cwd', cwd, '--fail-on-known-leaks'], { json: false });
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('leakgate: pyproject.toml: [[tool.leakgate.ignore]] #1 site must look like path:function or path:line');
  });
});

describe('the action, with INPUT_* variables', () => {
  let github: FakeGitHub;
  beforeEach(async () => {
    github = await startFakeGitHub();
  });
  afterEach(async () => {
    await github.close();
  });
  const run = (extra: Record<string, string>) =>
    runAction({ event: 'push', payload: pushPayload(), apiUrl: github.url, inputs: { scenario: 'examples/unbounded_cache/clean.py', ...extra } });

  it('a bad fail-on-known-leaks fails the step, naming the input, the value and the accepted values', async () => {
    const result = await run({ 'fail-on-known-leaks': 'sometimes' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("::error::input 'fail-on-known-leaks' must be true or false, but got 'sometimes'");
  });
  it('a bad ignore entry fails the step, naming the input and the entry', async () => {
    const result = await run({ ignore: '[[ignore]]\ntype = "dict"\nreason = "ok"\n\n[[ignore]]\nsite = "app.py:handle"\ntype = "dict"\nreason = "ok"\n' });
    expect(result.exitCode).toBe(1);
    expect(result.stdout).toContain("::error::input 'ignore': [[ignore]] #2 has both site and type");
  });
  it('good ignore entries and the switch are taken, and a clean scenario still passes', async () => {
    const result = await run({ ignore: '[[ignore]]\ntype = "weakref.finalize"\nreason = "Django 3.2 test client"\n', 'fail-on-known-leaks': 'true' });
    expect(result.stdout).not.toContain('::error::');
    expect(result.outputs.verdict).toBe('pass');
  });
});
