/** Configuration in pyproject.toml or leakgate.toml: table tests, good and bad, and sharding. */
import { parseCliArgs, resolveRunConfig } from '../src/settings/cli-args.js';
import { didYouMean, parseConfigFile } from '../src/settings/config-file.js';
import { pickScenarios, shardOf } from '../src/settings/select.js';

const PYPROJECT = `
[project]
name = "shop"

[tool.leakgate]
cycles = 200
warmup = 30
tolerance = "25%"
fail-on = "leak"
python = "python3.12"

[[tool.leakgate.scenarios]]
name = "checkout"
target = "tests/leak/checkout.py"
frames = 25

[[tool.leakgate.scenarios]]
name = "worker"
target = "shop.worker:run_job"
cycles = 500
min-bytes-per-cycle = 1024
`;

describe('good configuration', () => {
  it('reads defaults and scenarios from [tool.leakgate] of pyproject.toml', () => {
    const file = parseConfigFile(PYPROJECT, 'pyproject.toml')!;
    expect(file).toMatchObject({ source: 'pyproject.toml', python: 'python3.12', failOn: 'leak', numbers: { cycles: 200, warmup: 30, tolerancePercent: 25 } });
    expect(file.scenarios).toEqual([
      { name: 'checkout', target: 'tests/leak/checkout.py', python: undefined, numbers: { frames: 25 } },
      { name: 'worker', target: 'shop.worker:run_job', python: undefined, numbers: { cycles: 500, minBytesPerCycle: 1024 } },
    ]);
  });
  it('reads a leakgate.toml, whose keys sit at the top level', () => {
    const file = parseConfigFile('cycles = 150\n[[scenarios]]\nname = "a"\ntarget = "a.py"\n', 'leakgate.toml')!;
    expect(file.numbers.cycles).toBe(150);
    expect(file.scenarios.map((s) => s.name)).toEqual(['a']);
  });
  it('a pyproject.toml without [tool.leakgate] is no configuration', () => {
    expect(parseConfigFile('[project]\nname = "x"\n', 'pyproject.toml')).toBeNull();
  });
  it.each([
    { what: 'a flag beats the scenario table', args: ['run', '--cycles', '120'], scenario: 'worker', key: 'cycles', expected: 120 },
    { what: 'the scenario table beats the top level', args: ['run'], scenario: 'worker', key: 'cycles', expected: 500 },
    { what: 'the top level beats the default', args: ['run'], scenario: 'checkout', key: 'cycles', expected: 200 },
    { what: 'the default applies when nothing is said', args: ['run'], scenario: 'checkout', key: 'timeoutSeconds', expected: 600 },
  ] as const)('$what', ({ args, scenario, key, expected }) => {
    const parsed = parseCliArgs(args, {}, false);
    if (parsed.command !== 'run') throw new Error('expected run');
    const config = resolveRunConfig(parsed.flags, parseConfigFile(PYPROJECT, 'pyproject.toml'));
    expect(config.scenarios.find((s) => s.name === scenario)![key]).toBe(expected);
  });
  it.each([
    { what: 'the extension is as long as the measured phase by default (-1)', args: ['run'], toml: '', confirmCycles: 500, confirmSeconds: 120 },
    { what: 'confirm-cycles 0 in a scenario table turns it off there', args: ['run'], toml: 'confirm-cycles = 0\n', confirmCycles: 0, confirmSeconds: 120 },
    {
      what: 'a scenario table sets its own length and time bound',
      args: ['run'],
      toml: 'confirm-cycles = 50\nconfirm-seconds = 9.5\n',
      confirmCycles: 50,
      confirmSeconds: 9.5,
    },
    {
      what: 'the flags beat the table',
      args: ['run', '--confirm-cycles', '-1', '--confirm-seconds', '30'],
      toml: 'confirm-cycles = 50\n',
      confirmCycles: 500,
      confirmSeconds: 30,
    },
  ])('confirmation (issue 14): $what', ({ args, toml, confirmCycles, confirmSeconds }) => {
    const parsed = parseCliArgs(args, {}, false);
    if (parsed.command !== 'run') throw new Error('expected run');
    const config = resolveRunConfig(parsed.flags, parseConfigFile(`${PYPROJECT}${toml}`, 'pyproject.toml'));
    expect(config.scenarios.find((s) => s.name === 'worker')).toMatchObject({ cycles: 500, confirmCycles, confirmSeconds });
  });
  it('a flag beats the file for run-wide settings too', () => {
    const parsed = parseCliArgs(['run', '--fail-on', 'regression', '--tolerance', '80%'], {}, false);
    if (parsed.command !== 'run') throw new Error('expected run');
    const config = resolveRunConfig(parsed.flags, parseConfigFile(PYPROJECT, 'pyproject.toml'));
    expect(config.failOn).toBe('regression');
    expect(config.tolerance.relativePercent).toBe(80);
    expect(config.scenarios[0].python).toBe('python3.12');
  });
});

describe('bad configuration: the file, the key path, the value and what is accepted', () => {
  it.each([
    {
      what: 'a misspelt top-level key',
      text: '[tool.leakgate]\ncycels = 10\n',
      message: "pyproject.toml: tool.leakgate.cycels is not a leakgate setting; did you mean 'cycles'?",
    },
    {
      what: 'a misspelt scenario key',
      text: '[[tool.leakgate.scenarios]]\nname = "a"\ntarget = "a.py"\nwarmpu = 3\n',
      message: "pyproject.toml: tool.leakgate.scenarios[0].warmpu is not a leakgate setting; did you mean 'warmup'?",
    },
    { what: 'a snake_case key', text: '[tool.leakgate]\nfail_on = "leak"\n', message: "did you mean 'fail-on'?" },
    {
      what: 'a negative count',
      text: '[tool.leakgate]\ncycles = -5\n',
      message: 'pyproject.toml: tool.leakgate.cycles must be an integer from 10 to 1000000, but got -5',
    },
    {
      what: 'a string where a number belongs',
      text: '[tool.leakgate]\nwarmup = "ten"\n',
      message: "pyproject.toml: tool.leakgate.warmup must be an integer from 0 to 1000000, but got 'ten'",
    },
    {
      what: 'a fractional frame depth in a scenario',
      text: '[[tool.leakgate.scenarios]]\nname = "a"\ntarget = "a.py"\nframes = 2.5\n',
      message: 'pyproject.toml: tool.leakgate.scenarios[0].frames must be an integer from 1 to 100, but got 2.5',
    },
    {
      what: 'an unknown fail-on',
      text: '[tool.leakgate]\nfail-on = "sometimes"\n',
      message: "pyproject.toml: tool.leakgate.fail-on must be one of regression, leak, never, but got 'sometimes'",
    },
    {
      what: 'a scenario without a target',
      text: '[[tool.leakgate.scenarios]]\nname = "a"\n',
      message: 'pyproject.toml: tool.leakgate.scenarios[0].target must be a non-empty string, but got nothing',
    },
    {
      what: 'a repeated scenario name',
      text: '[[tool.leakgate.scenarios]]\nname = "a"\ntarget = "a.py"\n[[tool.leakgate.scenarios]]\nname = "a"\ntarget = "b.py"\n',
      message: "tool.leakgate.scenarios[1].name repeats the name 'a'",
    },
    {
      what: 'a bad tolerance string',
      text: '[tool.leakgate]\ntolerance = "lots"\n',
      message: 'tool.leakgate.tolerance must be a number from 0 to 10000 (or a string like "50%")',
    },
    { what: 'broken TOML', text: '[tool.leakgate\ncycles = 1\n', message: 'pyproject.toml is not valid TOML' },
  ])('$what', ({ text, message }) => {
    expect(() => parseConfigFile(text, 'pyproject.toml')).toThrow(message);
  });
  it('an unknown --scenario NAME is refused with a suggestion', () => {
    const file = parseConfigFile(PYPROJECT, 'pyproject.toml')!;
    expect(() => pickScenarios(file.scenarios, ['chekout'], 'pyproject.toml')).toThrow(
      "--scenario 'chekout' is not configured in pyproject.toml; did you mean 'checkout'? (configured: checkout, worker)",
    );
  });
  it.each([
    { key: 'cycels', known: ['cycles', 'warmup'], expected: 'cycles' },
    { key: 'timout', known: ['timeout', 'frames'], expected: 'timeout' },
    { key: 'zzzzzz', known: ['cycles', 'warmup'], expected: null },
  ])('did you mean: $key → $expected', ({ key, known, expected }) => {
    expect(didYouMean(key, known)).toBe(expected);
  });
});

describe('sharding covers every scenario exactly once', () => {
  it.each([1, 2, 3, 4, 7])('over %i shards, for 0 to 23 scenarios', (count) => {
    for (let total = 0; total < 24; total++) {
      const items = Array.from({ length: total }, (_, i) => `s${i}`);
      const shards = Array.from({ length: count }, (_, i) => shardOf(items, { index: i + 1, count }));
      expect(shards.flat().sort()).toEqual([...items].sort());
      // As even as possible: shard sizes differ by at most one.
      const sizes = shards.map((s) => s.length);
      expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
    }
  });
  it.each(['0/4', '5/4', '2', 'a/b', '1/0'])('--shard %s is refused', (raw) => {
    expect(() => parseCliArgs(['run', 'a.py', '--shard', raw], {}, false)).toThrow(`--shard must be i/n with 1 ≤ i ≤ n ≤ 256, e.g. 2/4, but got '${raw}'`);
  });
});
