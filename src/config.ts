/**
 * The command line: parseCliArgs turns arguments into flags (only what was given), and
 * resolveRunConfig merges them over the configuration file and the defaults:
 *     flag  >  [[scenarios]] table  >  [tool.leakgate] top level  >  default.
 * Both are pure; every mistake is a UsageError naming the flag, the value and what is accepted.
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { DEFAULT_PYTHON, FAIL_ON_VALUES, NUMERIC_SETTINGS, type NumericSetting, type NumericSettingName } from './constants.js';
import { parseShard, pickScenarios, shardOf, type FileConfig, type NumericValues } from './config-file.js';
import { UsageError } from './errors.js';
import type { FailOn, RunConfig, ScenarioSettings } from './model.js';

export { UsageError };

export const USAGE = `Usage: leakgate run [TARGET...] [options]
       leakgate merge REPORT.json... [--expect-legs N] [--json FILE] [--markdown FILE]

run: runs each TARGET (a Python load scenario) for N cycles after a warm-up, finds what keeps
growing and exits 0 (no leak), 1 (leak) or 2 (error). With no TARGET it runs the scenarios
configured in [tool.leakgate] of pyproject.toml, or in leakgate.toml.

TARGET is path/to/file.py (the function cycle), path/to/file.py:func, or package.module:func
importable from the working directory. The module may define setup() and teardown(); any of
them may be async.

merge: joins the JSON reports of several legs (leakgate run --shard i/n) into one report.

Options:
${Object.values(NUMERIC_SETTINGS as Record<string, NumericSetting>)
  .map((s) => `  --${`${s.flag} ${s.integer ? 'N' : 'X'}`.padEnd(30)} ${s.description} (default ${s.default})`)
  .join('\n')}
  --python PATH                   Python interpreter (default ${DEFAULT_PYTHON})
  --cwd DIR                       working directory: the repository root (default .)
  --config FILE                   the configuration file (default: leakgate.toml, else pyproject.toml)
  --scenario NAME                 run this configured scenario (repeatable)
  --shard I/N                     run the I-th of N shares of the scenarios (for a CI matrix)
  --jobs N                        run N scenarios at a time (default 1; see the README on noise)
  --json FILE                     write the JSON report (schema: schema/report.schema.json)
  --markdown FILE                 write the report as GitHub-flavoured Markdown
  --baseline FILE                 compare with a baseline recorded on the default branch
  --save-baseline FILE            record this run as the baseline (schema: schema/baseline.schema.json)
  --fail-on regression|leak|never what fails the run (default: regression with --baseline, else leak)
  --expect-legs N                 merge: how many legs there should be; missing ones are errors
  --progress bar|lines|none       progress on stderr (default: bar in a terminal, lines in CI)
  --no-color                      no colours in the terminal report
  -h, --help                      show this help
  -V, --version                   show the version
`;

/** Parse a number flag, naming the flag, the value and the accepted range on error. */
export function parseNumber(setting: NumericSetting, raw: string, origin: string): number {
  // A percentage may be written with its sign: --tolerance 50%.
  const trimmed = setting.flag === 'tolerance' ? raw.trim().replace(/%$/, '') : raw.trim();
  const value = Number(trimmed);
  const kind = setting.integer ? 'an integer' : 'a number';
  if (trimmed === '' || !Number.isFinite(value) || (setting.integer && !Number.isInteger(value))) {
    throw new UsageError(`${origin} must be ${kind} from ${setting.min} to ${setting.max}, but got '${raw}'`);
  }
  if (value < setting.min || value > setting.max) {
    throw new UsageError(`${origin} must be ${kind} from ${setting.min} to ${setting.max}, but got ${value}`);
  }
  return value;
}

/** What the command line said, and nothing it did not say. */
export interface CliFlags {
  targets: string[];
  scenarioNames: string[];
  numbers: NumericValues;
  python?: string;
  failOn?: FailOn;
  cwd: string;
  configPath: string | null;
  shard: { index: number; count: number } | null;
  jobs: number;
  jsonPath: string | null;
  markdownPath: string | null;
  baselinePath: string | null;
  saveBaselinePath: string | null;
  progress: RunConfig['progress'];
  color: boolean;
}

export type CliCommand =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'run'; flags: CliFlags }
  | { command: 'merge'; reports: string[]; expectLegs: number | null; flags: CliFlags };

/** Parse `leakgate ...` arguments (without the node and script paths). */
export function parseCliArgs(argv: readonly string[], env: NodeJS.ProcessEnv, isTTY: boolean): CliCommand {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const options = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean', short: 'V' },
    python: { type: 'string' },
    cwd: { type: 'string' },
    config: { type: 'string' },
    scenario: { type: 'string', multiple: true },
    shard: { type: 'string' },
    jobs: { type: 'string' },
    json: { type: 'string' },
    markdown: { type: 'string' },
    baseline: { type: 'string' },
    'save-baseline': { type: 'string' },
    'fail-on': { type: 'string' },
    'expect-legs': { type: 'string' },
    progress: { type: 'string' },
    'no-color': { type: 'boolean' },
    ...Object.fromEntries(Object.values(numeric).map((s) => [s.flag, { type: 'string' }])),
  } as const;
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    const firstLine = (error as Error).message.split('\n')[0].replace(/\.$/, '');
    throw new UsageError(`${firstLine}; run 'leakgate --help' for the options`, { cause: error });
  }
  const values = parsed.values as Record<string, string | string[] | boolean | undefined>;
  if (values.help) return { command: 'help' };
  if (values.version) return { command: 'version' };
  const [command, ...positionals] = parsed.positionals;
  if (command === undefined) throw new UsageError("missing command: use 'leakgate run [TARGET]'; run 'leakgate --help' for the options");
  if (command !== 'run' && command !== 'merge') throw new UsageError(`unknown command '${command}': the commands are 'run' (leakgate run TARGET) and 'merge'`);

  const numbers: NumericValues = {};
  for (const [name, setting] of Object.entries(numeric) as [NumericSettingName, NumericSetting][]) {
    const raw = values[setting.flag];
    if (typeof raw === 'string') numbers[name] = parseNumber(setting, raw, `--${setting.flag}`);
  }
  const failOn = values['fail-on'] as string | undefined;
  if (failOn !== undefined && !(FAIL_ON_VALUES as readonly string[]).includes(failOn)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_ON_VALUES.join(', ')}, but got '${failOn}'`);
  }
  const progressRaw = values.progress as string | undefined;
  if (progressRaw !== undefined && !['bar', 'lines', 'none'].includes(progressRaw)) {
    throw new UsageError(`--progress must be one of bar, lines, none, but got '${progressRaw}'`);
  }
  const jobsRaw = values.jobs as string | undefined;
  const jobs = jobsRaw === undefined ? 1 : Number(jobsRaw);
  if (!Number.isInteger(jobs) || jobs < 1 || jobs > 64) throw new UsageError(`--jobs must be an integer from 1 to 64, but got '${jobsRaw}'`);
  const inCi = Boolean(env.CI) && env.CI !== 'false';
  const str = (key: string) => (typeof values[key] === 'string' && (values[key] as string).trim() !== '' ? (values[key] as string) : null);
  const flags: CliFlags = {
    targets: command === 'run' ? positionals : [],
    scenarioNames: (values.scenario as string[] | undefined) ?? [],
    numbers,
    python: str('python') ?? undefined,
    failOn: failOn as FailOn | undefined,
    cwd: resolve(str('cwd') ?? '.'),
    configPath: str('config'),
    shard: str('shard') ? parseShard(str('shard')!, '--shard') : null,
    jobs,
    jsonPath: str('json'),
    markdownPath: str('markdown'),
    baselinePath: str('baseline'),
    saveBaselinePath: str('save-baseline'),
    progress: (progressRaw as RunConfig['progress'] | undefined) ?? (isTTY && !inCi ? 'bar' : 'lines'),
    color: isTTY && !values['no-color'] && env.NO_COLOR === undefined,
  };
  if (command === 'merge') {
    if (positionals.length === 0) throw new UsageError("'leakgate merge' needs the JSON reports of the legs, e.g. leakgate merge leg-1.json leg-2.json");
    const expectRaw = str('expect-legs');
    const expectLegs = expectRaw === null ? null : Number(expectRaw);
    if (expectLegs !== null && (!Number.isInteger(expectLegs) || expectLegs < 1 || expectLegs > 256)) throw new UsageError(`--expect-legs must be an integer from 1 to 256, but got '${expectRaw}'`);
    return { command: 'merge', reports: positionals, expectLegs, flags };
  }
  if (flags.targets.length > 0 && flags.scenarioNames.length > 0) {
    throw new UsageError('give either TARGETs or --scenario NAMEs, not both: --scenario picks configured scenarios by name');
  }
  return { command: 'run', flags };
}

/** Merge flags over the configuration file and the defaults into what runs. */
export function resolveRunConfig(flags: CliFlags, file: FileConfig | null): RunConfig {
  const numeric = NUMERIC_SETTINGS as Record<NumericSettingName, NumericSetting>;
  const value = (name: NumericSettingName, table: NumericValues = {}): number => flags.numbers[name] ?? table[name] ?? file?.numbers[name] ?? numeric[name].default;
  let chosen: { name: string; target: string; python?: string; numbers: NumericValues }[];
  if (flags.targets.length > 0) {
    chosen = flags.targets.map((target) => ({ name: target, target, numbers: {} }));
  } else if (file && file.scenarios.length > 0) {
    chosen = pickScenarios(file.scenarios, flags.scenarioNames, file.source);
  } else if (flags.scenarioNames.length > 0) {
    throw new UsageError(`--scenario needs scenarios configured in [tool.leakgate] of pyproject.toml or in leakgate.toml, and ${file ? `${file.source} has none` : 'there is no such file'}`);
  } else {
    throw new UsageError("'leakgate run' needs a TARGET (e.g. leakgate run examples/unbounded_cache/leaky.py), or [[tool.leakgate.scenarios]] in pyproject.toml");
  }
  if (flags.shard) chosen = shardOf(chosen, flags.shard);
  const scenarios: ScenarioSettings[] = chosen.map((s) => ({
    name: s.name,
    target: s.target,
    cwd: flags.cwd,
    python: flags.python ?? s.python ?? file?.python ?? DEFAULT_PYTHON,
    cycles: value('cycles', s.numbers),
    warmup: value('warmup', s.numbers),
    frames: value('frames', s.numbers),
    timeoutSeconds: value('timeoutSeconds', s.numbers),
    thresholds: {
      alpha: value('alpha', s.numbers),
      minObjectsPerCycle: value('minObjectsPerCycle', s.numbers),
      minBytesPerCycle: value('minBytesPerCycle', s.numbers),
      minRssBytesPerCycle: value('minRssBytesPerCycle', s.numbers),
      minFdsPerCycle: value('minFdsPerCycle', s.numbers),
    },
  }));
  return {
    scenarios,
    failOn: flags.failOn ?? file?.failOn ?? null,
    tolerance: { relativePercent: value('tolerancePercent'), bytesPerCycle: value('toleranceBytesPerCycle'), objectsPerCycle: value('toleranceObjectsPerCycle') },
    baselinePath: flags.baselinePath,
    saveBaselinePath: flags.saveBaselinePath,
    jsonPath: flags.jsonPath,
    markdownPath: flags.markdownPath,
    progress: flags.progress,
    color: flags.color,
    jobs: flags.jobs,
  };
}
